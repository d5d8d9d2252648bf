using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Reflection;
using KDTalker.Cli.Commands;

namespace KDTalker.Cli;

/// <summary>The `kdtalker` command tree: parses with System.CommandLine, runs the verb, and turns expected failures into one-line errors.</summary>
internal static class CommandLine
{
    public static int Run(string[] args)
    {
        var root = Root();
        // No @response files: a path starting with '@' is a path, as it always was.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        // Ctrl+C is handled by the verbs that write files (they delete their temporary outputs), not by the library.
        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        if (parsed.Action is ParseErrorAction parseError)
        {
            // The errors, and for a mistyped name the closest ones; the full help is one `--help` away.
            parseError.ShowHelp = false;
            parsed.Invoke(configuration);
            Console.Error.WriteLine($"See `{CommandName(parsed)} --help`.");
            return ExitCodes.UsageError;
        }
        try
        {
            return parsed.Invoke(configuration);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"{CommandName(parsed)}: {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            Console.Error.WriteLine($"{CommandName(parsed)}: {e.Message}");
            return ExitCodes.InputError;
        }
    }

    public static string Version =>
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    private static RootCommand Root()
    {
        var root = new RootCommand($"kdtalker {Version}: audio-driven talking portraits (KDTalker) in pure .NET")
        {
            InfoCommand.Create(),
            SelfTestCommand.Create(),
            ConvertCommand.Create(),
            WeightsCommand.Create(),
            GenerateCommand.Create(),
            FacesCommand.Create(),
            BenchCommand.Create(),
            ServeCommand.Create(),
            CompletionCommand.Create(),
            WorkerCommand.Create(),
        };
        // `kdtalker` alone and `kdtalker help [VERB]` print the usage and succeed, as they always have.
        root.SetAction(_ => root.Parse(["--help"]).Invoke());
        var verb = new Argument<string[]>("verb") { Arity = ArgumentArity.ZeroOrMore };
        var help = new Command("help", "the usage of kdtalker, or of one verb") { Hidden = true };
        help.Arguments.Add(verb);
        help.SetAction(result => root.Parse([.. result.GetValue(verb) ?? [], "--help"]).Invoke());
        root.Subcommands.Add(help);
        return root;
    }

    // "kdtalker weights inspect": the words that chose the command, for error messages.
    private static string CommandName(ParseResult parsed)
    {
        var words = new List<string>();
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as CommandResult)
            words.Insert(0, result.Command is RootCommand ? "kdtalker" : result.Command.Name);
        return string.Join(' ', words);
    }
}

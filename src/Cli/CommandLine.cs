using System.Reflection;

namespace KDTalker.Cli;

/// <summary>Picks the sub-command, runs it, and turns expected failures into one-line errors.</summary>
internal static class CommandLine
{
    public static int Run(string[] args, IReadOnlyList<ICommand> commands)
    {
        var command = commands
            .OrderByDescending(c => c.Name.Split(' ').Length)
            .FirstOrDefault(c => args.Take(c.Name.Split(' ').Length).SequenceEqual(c.Name.Split(' ')));
        if (command is null)
        {
            PrintUsage(commands, args.Length == 0 || args[0] is "help" or "--help" or "-h" ? null : args[0]);
            return args.Length == 0 || args[0] is "help" or "--help" or "-h" ? 0 : 2;
        }
        try
        {
            return command.Run(new Arguments(args.Skip(command.Name.Split(' ').Length)));
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"kdtalker {command.Name}: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            Console.Error.WriteLine($"kdtalker {command.Name}: {e.Message}");
            return 1;
        }
    }

    public static string Version =>
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    private static void PrintUsage(IReadOnlyList<ICommand> commands, string? unknown)
    {
        var output = unknown is null ? Console.Out : Console.Error;
        if (unknown is not null)
            output.WriteLine($"kdtalker: unknown command '{unknown}'.");
        output.WriteLine($"kdtalker {Version}: audio-driven talking portraits (KDTalker) in pure .NET");
        output.WriteLine("usage:");
        foreach (var command in commands)
            output.WriteLine($"  kdtalker {command.Name,-18} {command.Summary}");
    }
}

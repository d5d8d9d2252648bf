using System.CommandLine;

namespace KDTalker.Cli.Commands;

/// <summary>
/// `kdtalker completion bash`: a bash completion script. It asks kdtalker itself through System.CommandLine's
/// `[suggest:POSITION]` directive, so verbs, options and option values (--device, --format, …) complete from the
/// same command tree that parses them; anything else falls back to file names.
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # bash completion for kdtalker: `source <(kdtalker completion bash)`, e.g. in ~/.bashrc
        _kdtalker_complete()
        {
            local IFS=$'\n'
            local candidates
            candidates=$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null) || return
            COMPREPLY=($(compgen -W "${candidates}" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _kdtalker_complete kdtalker

        """;

    public static Command Create()
    {
        var shell = new Argument<string>("SHELL") { Description = "the shell to write the script for" };
        shell.AcceptOnlyFromAmong("bash");
        var command = new Command("completion", "print the tab-completion script for a shell") { shell };
        command.SetAction(_ =>
        {
            Console.Write(Bash);
            return 0;
        });
        return command;
    }
}

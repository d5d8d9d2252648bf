using System.Diagnostics;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Cli;

/// <summary>
/// `kdtalker completion bash` sourced into a real bash: its completion function, called the way bash calls it on Tab
/// (COMP_LINE, COMP_POINT, COMP_WORDS, COMP_CWORD), completes verbs, option names and option values.
/// </summary>
public sealed class BashCompletionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kdtalker-completion-").FullName;

    public BashCompletionTests()
    {
        // `kdtalker` on PATH, as an installed command would be.
        string launcher = Path.Combine(_directory, "kdtalker");
        File.WriteAllText(launcher, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "kdtalker.dll")}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var script = Kdtalker.Run("completion", "bash");
        Assert.True(script.ExitCode == 0, script.Error);
        File.WriteAllText(Path.Combine(_directory, "kdtalker.bash"), script.Output);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Tab_completes_a_verb()
    {
        Assert.Equal(["generate"], Complete("kdtalker gen"));
        Assert.Equal(["selftest"], Complete("kdtalker sel"));
    }

    [Fact]
    public void Tab_completes_an_option_name_of_the_verb()
    {
        Assert.Equal(["--head-motion", "--help"], Complete("kdtalker generate --he"));
        Assert.Equal(["--float16"], Complete("kdtalker convert --fl"));
    }

    [Fact]
    public void Tab_completes_the_values_of_a_choice()
    {
        Assert.Equal(["auto", "cpu", "cuda", "ilgpu-cpu", "opencl"], Complete("kdtalker info --device "));
        Assert.Equal(["ilgpu-cpu"], Complete("kdtalker selftest dir --device il"));
        Assert.Equal(["mp4"], Complete("kdtalker generate --format m"));
    }

    [Fact]
    public void The_script_registers_the_function_for_kdtalker()
    {
        string registered = Bash("complete -p kdtalker").Trim();
        Assert.Equal("complete -o default -F _kdtalker_complete kdtalker", registered);
    }

    // What bash would offer for the command line typed so far, cursor at the end, sorted.
    private string[] Complete(string line)
    {
        string[] words = line.Split(' ');
        string output = Bash($"COMP_LINE='{line}'; COMP_POINT={line.Length}; COMP_WORDS=({string.Join(' ', words.Select(w => $"'{w}'"))}); COMP_CWORD={words.Length - 1}\n"
            + "_kdtalker_complete\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
    }

    private string Bash(string commands)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["PATH"] = _directory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        using var bash = Process.Start(start)!;
        bash.StandardInput.Write($"source '{Path.Combine(_directory, "kdtalker.bash")}'\n{commands}\n");
        bash.StandardInput.Close();
        var error = bash.StandardError.ReadToEndAsync();
        string output = bash.StandardOutput.ReadToEnd();
        Assert.True(bash.WaitForExit(TimeSpan.FromMinutes(1)), "bash did not finish in a minute.");
        Assert.True(bash.ExitCode == 0, error.Result);
        return output;
    }
}

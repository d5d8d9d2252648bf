using System.Collections.Concurrent;
using System.Diagnostics;

namespace KDTalker.Tests.Support;

/// <summary>Runs the built `kdtalker` command in a child process, as a user would, and captures what it prints.</summary>
public static class Kdtalker
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(params string[] arguments) => Run(null, arguments);

    /// <summary>Runs with <paramref name="environment"/> changed (a null value removes the variable).</summary>
    public static Result Run(IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        using var running = Start(environment, arguments);
        return running.WaitForExit(TimeSpan.FromMinutes(5));
    }

    /// <summary>Starts the command and returns while it runs, to watch its output and send it signals.</summary>
    public static Running Start(IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kdtalker.dll"));
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
                start.Environment.Remove(name);
            else
                start.Environment[name] = value;
        }
        return new Running(Process.Start(start)!, string.Join(' ', arguments));
    }

    /// <summary>The dotnet host, found once on this process's PATH (so a child can run with a PATH that lacks it).</summary>
    public static string Dotnet { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(folder => Path.Combine(folder, "dotnet"))
        .FirstOrDefault(File.Exists) ?? "dotnet";

    /// <summary>A running kdtalker: its output so far, signals, and its end.</summary>
    public sealed class Running : IDisposable
    {
        private readonly Process _process;
        private readonly string _command;
        private readonly ConcurrentQueue<string> _output = new(), _error = new();
        private readonly ManualResetEventSlim _closed = new(), _errorClosed = new();

        public Running(Process process, string command)
        {
            _process = process;
            _command = command;
            process.OutputDataReceived += (_, e) => Collect(e.Data, _output, _closed);
            process.ErrorDataReceived += (_, e) => Collect(e.Data, _error, _errorClosed);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public int Id => _process.Id;

        /// <summary>Waits until stdout or stderr holds <paramref name="text"/>; false when the process ended or the time ran out first.</summary>
        public bool WaitFor(string text, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < timeout)
            {
                if (_output.Concat(_error).Any(line => line.Contains(text, StringComparison.Ordinal)))
                    return true;
                if (_process.HasExited)
                    return false;
                Thread.Sleep(50);
            }
            return false;
        }

        /// <summary>Sends a signal by name (TERM, HUP, INT) with kill(1).</summary>
        public void Signal(string name)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + name, Id.ToString()]) { UseShellExecute = false })!;
            kill.WaitForExit();
        }

        /// <summary>SIGKILL: the process gets no chance to clean up.</summary>
        public void KillHard()
        {
            _process.Kill();
            _process.WaitForExit();
        }

        public Result WaitForExit(TimeSpan timeout)
        {
            if (!_process.WaitForExit(timeout))
            {
                _process.Kill(entireProcessTree: true);
                throw new TimeoutException($"kdtalker {_command} did not finish in {timeout.TotalSeconds:F0} s.\n{string.Join('\n', _output.Concat(_error))}");
            }
            _closed.Wait(TimeSpan.FromSeconds(10));
            _errorClosed.Wait(TimeSpan.FromSeconds(10));
            return new Result(_process.ExitCode, Text(_output), Text(_error));
        }

        public void Dispose()
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }

        private static void Collect(string? line, ConcurrentQueue<string> lines, ManualResetEventSlim closed)
        {
            if (line is null)
                closed.Set();
            else
                lines.Enqueue(line);
        }

        private static string Text(IEnumerable<string> lines) => string.Concat(lines.Select(line => line + "\n"));
    }
}

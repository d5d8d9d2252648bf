using System.Diagnostics;

namespace KDTalker.Tests.Farm;

/// <summary>A `kdtalker` child process running in the background, every line it prints (stdout and stderr) kept in order.</summary>
public sealed class KdtalkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    /// <summary>Runs this build's kdtalker.</summary>
    public KdtalkerProcess(params string[] arguments) : this(AppContext.BaseDirectory, arguments)
    {
    }

    /// <summary>Runs the kdtalker.dll in <paramref name="application"/>.</summary>
    public KdtalkerProcess(string application, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(application, "kdtalker.dll"));
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_lines)
                return string.Join('\n', _lines);
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The process id (`dotnet kdtalker.dll` runs the application in its own process).</summary>
    public int Id => _process.Id;

    /// <summary>Waits for a line containing <paramref name="text"/>; fails with everything printed so far when it does not come.</summary>
    public void WaitForLine(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited && !Output.Contains(text, StringComparison.Ordinal))
                throw new InvalidOperationException($"The process exited ({_process.ExitCode}) before printing '{text}':\n{Output}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No line with '{text}' in {timeout.TotalSeconds:F0} s:\n{Output}");
            Thread.Sleep(100);
        }
    }

    /// <summary>The exit code, after waiting at most <paramref name="timeout"/>.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            throw new TimeoutException($"The process did not finish in {timeout.TotalSeconds:F0} s:\n{Output}");
        _process.WaitForExit(); // the last lines
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the process dies at once, as in a crash.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM: the process is asked to stop cleanly.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
        kill.WaitForExit();
    }

    private void Add(string? line)
    {
        if (line is null)
            return;
        lock (_lines)
            _lines.Add(line);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}

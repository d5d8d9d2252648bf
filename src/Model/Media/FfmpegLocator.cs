using System.Diagnostics;

namespace KDTalker.Model.Media;

/// <summary>
/// Finds a working ffmpeg: a given path, or the first <c>ffmpeg</c> on PATH, accepted only when <c>ffmpeg -version</c>
/// answers like ffmpeg (a stale or foreign binary of that name is not taken for one). Nothing is cached: each call
/// looks again (one short process start).
/// </summary>
public static class FfmpegLocator
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30); // `-version` answers in milliseconds; 30 s only on a swamped machine

    /// <summary>
    /// The path of a working ffmpeg, or null. <paramref name="requested"/>: a path to use (checked), a bare name to
    /// look up on PATH, or null for <c>ffmpeg</c> on PATH.
    /// </summary>
    public static string? Find(string? requested = null)
    {
        string? candidate = Candidate(requested);
        return candidate is not null && Version(candidate) is not null ? candidate : null;
    }

    /// <summary>Like <see cref="Find"/>, but a missing or broken ffmpeg is an <see cref="IOException"/> that says what was tried.</summary>
    public static string Require(string? requested = null)
    {
        string? candidate = Candidate(requested);
        if (candidate is null)
            throw new IOException(requested is null || IsBareName(requested)
                ? $"MP4 output needs ffmpeg, but {requested ?? "ffmpeg"} was not found on PATH. Install it (apt install ffmpeg) or write AVI (--format avi)."
                : $"MP4 output needs ffmpeg; {requested} does not exist. Give the path of an ffmpeg executable or write AVI (--format avi).");
        return Version(candidate) is not null
            ? candidate
            : throw new IOException($"{candidate} does not run as ffmpeg (`{candidate} -version` failed or printed something else); install ffmpeg or " +
                "write AVI (--format avi).");
    }

    /// <summary>The first line of <c>EXECUTABLE -version</c> ("ffmpeg version 5.1.6 …"), or null when it does not start or is not ffmpeg.</summary>
    public static string? Version(string executable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executable);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        start.ArgumentList.Add("-version");
        try
        {
            using var process = Process.Start(start);
            if (process is null)
                return null;
            process.StandardInput.Close();
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(ProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            string firstLine = output.Result.Split('\n', 2)[0].Trim();
            _ = errors.Result;
            return process.ExitCode == 0 && firstLine.StartsWith("ffmpeg version", StringComparison.Ordinal) ? firstLine : null;
        }
        catch (Exception error) when (error is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? Candidate(string? requested)
    {
        if (requested is not null && !IsBareName(requested))
            return File.Exists(requested) ? Path.GetFullPath(requested) : null;
        string name = requested ?? "ffmpeg";
        if (OperatingSystem.IsWindows() && !name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
            name += ".exe";
        string? path = Environment.GetEnvironmentVariable("PATH");
        if (string.IsNullOrEmpty(path))
            return null;
        foreach (string directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    private static bool IsBareName(string name) => name.IndexOfAny(['/', '\\']) < 0;
}

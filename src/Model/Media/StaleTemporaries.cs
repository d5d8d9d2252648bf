using System.Diagnostics;

namespace KDTalker.Model.Media;

/// <summary>
/// Names temporaries after the process that writes them, and removes those of processes that are gone (killed with
/// SIGKILL, or by a power cut, before they could clean up): <c>NAME.partial-PID…</c> next to an output, and
/// <c>kdtalker-audio-PID-….f32</c> in the temporary folder.
/// </summary>
public static class StaleTemporaries
{
    private const string PartialMarker = ".partial-";
    private const string AudioTrackPrefix = "kdtalker-audio-";

    /// <summary>The suffix of this process's temporaries next to an output: <c>.partial-PID</c>.</summary>
    public static string PartialSuffix => PartialMarker + Environment.ProcessId;

    /// <summary>A new decoded-audio file name in the temporary folder.</summary>
    public static string NewAudioTrackPath() =>
        Path.Combine(Path.GetTempPath(), $"{AudioTrackPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}.f32");

    /// <summary>Deletes the files and folders <c>NAME.partial-PID…</c> beside <paramref name="destination"/> whose process is gone.</summary>
    public static void CleanBeside(string destination)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination));
        string? folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
            return;
        string prefix = Path.GetFileName(full) + PartialMarker;
        foreach (string entry in Entries(folder, prefix + "*"))
            if (OwnerIsGone(Path.GetFileName(entry)[prefix.Length..]))
                Remove(entry);
    }

    /// <summary>Deletes the decoded-audio files in the temporary folder whose process is gone.</summary>
    public static void CleanAudioTracks()
    {
        foreach (string entry in Entries(Path.GetTempPath(), AudioTrackPrefix + "*.f32"))
            if (OwnerIsGone(Path.GetFileName(entry)[AudioTrackPrefix.Length..]))
                Remove(entry);
    }

    /// <summary>True when <paramref name="pid"/> is not a running process (this process counts as running).</summary>
    public static bool IsGone(int pid)
    {
        if (pid == Environment.ProcessId)
            return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            return true;
        }
    }

    // The name goes on with the owner's process id, then a non-digit or the end.
    private static bool OwnerIsGone(string rest)
    {
        int digits = 0;
        while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            digits++;
        return digits > 0 && int.TryParse(rest.AsSpan(0, digits), out int pid) && IsGone(pid);
    }

    private static IEnumerable<string> Entries(string folder, string pattern)
    {
        try
        {
            return Directory.GetFileSystemEntries(folder, pattern);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    // Best effort: a temporary that cannot be removed (permissions, a race with another cleaner) is left alone.
    private static void Remove(string entry)
    {
        try
        {
            if (Directory.Exists(entry))
                Directory.Delete(entry, recursive: true);
            else
                File.Delete(entry);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
        }
    }
}

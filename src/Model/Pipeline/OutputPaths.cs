namespace KDTalker.Model.Pipeline;

/// <summary>
/// Checks a run's output paths before any work starts, so that a bad one costs seconds, not a finished render: each
/// must be in an existing, writable folder, must not be an existing folder (a file output) or file (a PNG folder),
/// and must not be an input or another output.
/// </summary>
public static class OutputPaths
{
    /// <summary>Checks the file output <paramref name="path"/>, named <paramref name="role"/> in errors ("the video", "--keypoints").</summary>
    /// <exception cref="ArgumentException">The path cannot be written; the message says why and what to do.</exception>
    public static void CheckFile(string path, string role, IEnumerable<string> inputs)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new ArgumentException($"{role} {path} is an existing folder; give a file name inside it (e.g. {Path.Combine(path, "talk.avi")}).");
        CheckCommon(full, path, role, inputs);
    }

    /// <summary>Checks the folder output <paramref name="path"/> (PNG frames): new, or an empty folder.</summary>
    /// <exception cref="ArgumentException">The path cannot be written; the message says why and what to do.</exception>
    public static void CheckFolder(string path, string role, IEnumerable<string> inputs)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (File.Exists(full))
            throw new ArgumentException($"{role} {path} is an existing file, but PNG frames go into a folder; give a new folder name.");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            throw new ArgumentException($"{role} {path} is a folder that is not empty; give a new or empty folder for the PNG frames.");
        CheckCommon(full, path, role, inputs);
    }

    /// <summary>Throws when two of <paramref name="outputs"/> (nulls ignored) are the same path.</summary>
    /// <exception cref="ArgumentException">Two outputs would overwrite each other.</exception>
    public static void CheckDistinct(params string?[] outputs)
    {
        var seen = new HashSet<string>(Comparer);
        foreach (string output in outputs.OfType<string>())
            if (!seen.Add(Path.TrimEndingDirectorySeparator(Path.GetFullPath(output))))
                throw new ArgumentException($"{output} is given for two outputs; each needs its own path.");
    }

    private static StringComparer Comparer => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase
        : StringComparer.Ordinal;

    private static void CheckCommon(string full, string path, string role, IEnumerable<string> inputs)
    {
        foreach (string input in inputs)
            if (Comparer.Equals(full, Path.GetFullPath(input)))
                throw new ArgumentException($"{role} {path} is also an input; writing it would destroy the input. Choose another output path.");
        string? folder = Path.GetDirectoryName(full);
        if (folder is not null && File.Exists(folder))
            throw new ArgumentException($"the output folder {folder} (for {role}) is a file, not a folder; choose another output path.");
        if (folder is null || !Directory.Exists(folder))
            throw new ArgumentException($"the output folder {folder} (for {role}) does not exist; create it or choose another output path.");
        string probe = Path.Combine(folder, $".kdtalker-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using var _ = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"the output folder {folder} (for {role}) cannot be written: {error.Message}");
        }
    }
}

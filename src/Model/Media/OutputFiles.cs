namespace KDTalker.Model.Media;

/// <summary>Checks and clean-up shared by the writers that build their output under a temporary name.</summary>
internal static class OutputFiles
{
    /// <summary>Throws a clear error when the folder that should receive <paramref name="path"/> does not exist.</summary>
    public static void RequireFolder(string path)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is null || !Directory.Exists(folder))
            throw new DirectoryNotFoundException($"The output folder {folder} does not exist; create it or choose another output path.");
    }

    /// <summary>Deletes a temporary file if it is there.</summary>
    public static void Delete(string? path)
    {
        if (path is not null && File.Exists(path))
            File.Delete(path);
    }
}

namespace KDTalker.Model.Media;

/// <summary>Checks and clean-up shared by the writers that build their output under a temporary name next to the destination.</summary>
internal static class OutputFiles
{
    /// <summary>Throws a clear error when the folder that should receive <paramref name="path"/> does not exist or is a file.</summary>
    public static void RequireFolder(string path)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && File.Exists(folder))
            throw new DirectoryNotFoundException($"The output folder {folder} is a file, not a folder; choose another output path.");
        if (folder is null || !Directory.Exists(folder))
            throw new DirectoryNotFoundException($"The output folder {folder} does not exist; create it or choose another output path.");
    }

    /// <summary>
    /// Creates (or truncates) the temporary file <paramref name="temporary"/> for <paramref name="destination"/>, turning
    /// permission and file-system failures into one error that names the folder.
    /// </summary>
    public static FileStream CreateTemporary(string destination, string temporary, FileAccess access = FileAccess.ReadWrite)
    {
        RequireFolder(destination);
        try
        {
            return new FileStream(temporary, FileMode.Create, access, FileShare.None, 1 << 16);
        }
        catch (Exception error) when (error is UnauthorizedAccessException or IOException)
        {
            throw Unwritable(destination, error);
        }
    }

    /// <summary>Creates the temporary folder <paramref name="temporary"/> for <paramref name="destination"/>, with the same errors.</summary>
    public static void CreateTemporaryFolder(string destination, string temporary)
    {
        RequireFolder(destination);
        try
        {
            Directory.CreateDirectory(temporary);
        }
        catch (Exception error) when (error is UnauthorizedAccessException or IOException)
        {
            throw Unwritable(destination, error);
        }
    }

    /// <summary>Deletes a temporary file if it is there.</summary>
    public static void Delete(string? path)
    {
        if (path is not null && File.Exists(path))
            File.Delete(path);
    }

    private static IOException Unwritable(string destination, Exception error) =>
        new($"Cannot write {Path.GetFileName(destination)} into the output " +
            $"folder {Path.GetDirectoryName(Path.GetFullPath(destination))}: {error.Message}", error);
}

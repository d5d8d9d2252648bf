namespace KDTalker.Web.Jobs;

/// <summary>
/// Holds DATA/lock open exclusively while a service uses the folder, so a second service on the same folder stops
/// at once with a message instead of both rewriting the same job records.
/// </summary>
internal sealed class DataFolderLock : IDisposable
{
    private readonly FileStream _file;

    private DataFolderLock(string folder, FileStream file)
    {
        Folder = folder;
        _file = file;
    }

    /// <summary>The folder held.</summary>
    public string Folder { get; }

    /// <exception cref="ArgumentException">Another service holds the folder.</exception>
    public static DataFolderLock Acquire(string dataFolder)
    {
        string path = Path.Combine(dataFolder, "lock");
        try
        {
            return new DataFolderLock(dataFolder, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException error)
        {
            throw new ArgumentException($"another kdtalker serve is using {dataFolder} ({error.Message}); stop it, or give this one another --data " +
                "folder.", error);
        }
    }

    public void Dispose() => _file.Dispose();
}

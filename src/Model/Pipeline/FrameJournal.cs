using KDTalker.Model.Media;

namespace KDTalker.Model.Pipeline;

/// <summary>
/// The faces a render has produced so far, one lossless PNG a frame in a folder of their own, so that a render
/// stopped by a restart or a crash resumes at its first missing frame. The folder's key names what the frames were
/// rendered from (engine build, weights, settings, inputs): a journal opened with another key is stale and starts
/// empty. Each frame is written to a temporary file and renamed, so every frame on disk is whole; frames count from 0
/// without gaps.
/// </summary>
public sealed class FrameJournal
{
    private const string KeyFile = "key.txt";

    private FrameJournal(string folder, int count) => (Folder, Count) = (folder, count);

    /// <summary>The journal's folder.</summary>
    public string Folder { get; }

    /// <summary>Frames held: 0 … Count − 1.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Opens (or creates) the journal in <paramref name="folder"/>; its frames are dropped unless it was written under
    /// <paramref name="key"/>. One render at a time may use a journal.
    /// </summary>
    public static FrameJournal Open(string folder, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        folder = Path.GetFullPath(folder);
        string keyPath = Path.Combine(folder, KeyFile);
        if (Directory.Exists(folder) && (!File.Exists(keyPath) || File.ReadAllText(keyPath) != key))
            Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        // One render writes a journal at a time: a temporary found now was left by a killed one.
        foreach (string temporary in Directory.GetFiles(folder, "*.partial-*"))
            File.Delete(temporary);
        if (!File.Exists(keyPath))
            WriteAtomically(keyPath, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(key)));
        int count = 0;
        while (File.Exists(FramePath(folder, count)))
            count++;
        return new FrameJournal(folder, count);
    }

    /// <summary>Frame <paramref name="index"/> (below <see cref="Count"/>).</summary>
    /// <exception cref="InvalidDataException">The frame's file was damaged after it was written (the message names it).</exception>
    public RgbImage Read(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return ImageFile.Load(FramePath(Folder, index));
    }

    /// <summary>Adds <paramref name="face"/> as frame <see cref="Count"/>.</summary>
    public void Append(RgbImage face)
    {
        ArgumentNullException.ThrowIfNull(face);
        WriteAtomically(FramePath(Folder, Count), stream => new StbImageWriteSharp.ImageWriter().WritePng(face.Pixels, face.Width, face.Height,
            StbImageWriteSharp.ColorComponents.RedGreenBlue, stream));
        Count++;
    }

    /// <summary>Deletes the journal and its frames (the render they belong to is finished or abandoned).</summary>
    public void Delete()
    {
        if (Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
        Count = 0;
    }

    private static string FramePath(string folder, int index) => Path.Combine(folder, $"{index:D6}.png");

    private static void WriteAtomically(string path, Action<Stream> write)
    {
        string temporary = path + StaleTemporaries.PartialSuffix;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                write(stream);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}

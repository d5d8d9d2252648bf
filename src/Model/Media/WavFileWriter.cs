using NAudio.Wave;

namespace KDTalker.Model.Media;

/// <summary>
/// Writes 16-bit PCM mono WAV progressively with NAudio's <see cref="WaveFileWriter"/>: the header with placeholder
/// sizes, the samples as they come, and the sizes patched by <see cref="Complete"/>. A file left uncompleted is
/// deleted on dispose.
/// </summary>
public sealed class WavFileWriter : IDisposable
{
    // The plain RIFF sizes are 32-bit: the data and the 46-byte header (NAudio writes the 18-byte fmt) must fit.
    private const long MaxDataBytes = uint.MaxValue - 46;
    private readonly string _path;
    private readonly FileStream _file;
    private readonly WaveFileWriter _writer;
    private bool _completed;

    /// <summary>Creates <paramref name="path"/> (its folder must exist and be writable: a clear <see cref="IOException"/> otherwise).</summary>
    public WavFileWriter(string path, int sampleRate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        _path = Path.GetFullPath(path);
        _file = OutputFiles.CreateTemporary(_path, _path, FileAccess.ReadWrite);
        _writer = new WaveFileWriter(_file, new WaveFormat(sampleRate, 16, 1));
    }

    /// <summary>Samples written so far.</summary>
    public long Samples { get; private set; }

    /// <summary>Appends samples.</summary>
    /// <exception cref="IOException">The file would exceed the 4 GB a WAV file can hold.</exception>
    public void Write(ReadOnlySpan<short> samples)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if ((Samples + samples.Length) * sizeof(short) > MaxDataBytes)
            throw new IOException($"{_path}: {Samples + samples.Length} samples exceed the 4 GB a WAV file can hold.");
        _writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples));
        Samples += samples.Length;
    }

    /// <summary>Patches the sizes into the header and closes the file.</summary>
    public void Complete()
    {
        _writer.Dispose(); // patches the sizes; the file stream stays ours to close
        _file.Dispose();
        _completed = true;
    }

    /// <summary>Closes the file; deletes it unless completed.</summary>
    public void Dispose()
    {
        if (_completed)
            return;
        _writer.Dispose();
        _file.Dispose();
        OutputFiles.Delete(_path);
    }
}

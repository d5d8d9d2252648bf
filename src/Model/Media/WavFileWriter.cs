using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace KDTalker.Model.Media;

/// <summary>
/// Writes 16-bit PCM mono WAV progressively: a 44-byte header with placeholder sizes, the samples as they come,
/// and the sizes patched by <see cref="Complete"/>. A file left uncompleted is deleted on dispose.
/// </summary>
public sealed class WavFileWriter : IDisposable
{
    private const int HeaderBytes = 44;
    private readonly string _path;
    private readonly FileStream _stream;
    private readonly int _sampleRate;
    private long _samples;
    private bool _completed;

    /// <summary>Creates <paramref name="path"/> (its folder must exist and be writable: a clear <see cref="IOException"/> otherwise).</summary>
    public WavFileWriter(string path, int sampleRate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        _path = Path.GetFullPath(path);
        _sampleRate = sampleRate;
        _stream = OutputFiles.CreateTemporary(_path, _path, FileAccess.Write);
        _stream.Write(Header(0));
    }

    /// <summary>Samples written so far.</summary>
    public long Samples => _samples;

    /// <summary>Appends samples.</summary>
    public void Write(ReadOnlySpan<short> samples)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("WAV output needs a little-endian machine.");
        _stream.Write(MemoryMarshal.AsBytes(samples));
        _samples += samples.Length;
    }

    /// <summary>Patches the sizes into the header and closes the file.</summary>
    public void Complete()
    {
        long dataBytes = _samples * 2;
        if (dataBytes > uint.MaxValue - HeaderBytes)
            throw new IOException($"{_path}: {_samples} samples exceed the 4 GB a WAV file can hold.");
        _stream.Position = 0;
        _stream.Write(Header((uint)dataBytes));
        _stream.Dispose();
        _completed = true;
    }

    /// <summary>Closes the file; deletes it unless completed.</summary>
    public void Dispose()
    {
        if (_completed)
            return;
        _stream.Dispose();
        OutputFiles.Delete(_path);
    }

    private byte[] Header(uint dataBytes)
    {
        var header = new byte[HeaderBytes];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), dataBytes + HeaderBytes - 8);
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(20), 1);          // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(22), 1);          // mono
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), (uint)_sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(28), (uint)_sampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(32), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(34), 16);
        "data"u8.CopyTo(header.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(40), dataBytes);
        return header;
    }
}

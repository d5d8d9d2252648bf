using System.Runtime.InteropServices;
using KDTalker.Model.Media;
using Microsoft.Win32.SafeHandles;

namespace KDTalker.Model.Audio;

/// <summary>
/// Decoded 16 kHz mono audio kept in a temporary file (float32, little-endian) rather than in memory, so an
/// hour of speech costs disk, not RAM. Samples are appended while decoding, then read at any position.
/// The file is deleted when the track is disposed; one left by a killed process is removed by the next track made.
/// </summary>
public sealed class AudioTrack : IAudioSamples, IDisposable
{
    private readonly string _path;
    private readonly FileStream _file;
    private bool _sealed;

    /// <summary>An empty track in the temporary folder.</summary>
    public AudioTrack(int sampleRate)
    {
        SampleRate = sampleRate;
        StaleTemporaries.CleanAudioTracks();
        _path = StaleTemporaries.NewAudioTrackPath();
        _file = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    }

    /// <summary>Samples per second.</summary>
    public int SampleRate { get; }

    /// <inheritdoc />
    public long Length { get; private set; }

    /// <summary>Seconds of audio.</summary>
    public double Duration => (double)Length / SampleRate;

    /// <summary>Appends samples (only before the first read).</summary>
    public void Append(ReadOnlySpan<float> samples)
    {
        if (_sealed)
            throw new InvalidOperationException("The track is complete; it can no longer be appended to.");
        _file.Write(MemoryMarshal.AsBytes(samples));
        Length += samples.Length;
    }

    /// <inheritdoc />
    public void Read(long start, Span<float> destination)
    {
        if (!_sealed)
        {
            _file.Flush();
            _sealed = true;
        }
        var (offset, first, count) = AudioSampleRange.Inside(start, destination.Length, Length);
        destination.Clear();
        var bytes = MemoryMarshal.AsBytes(destination.Slice(offset, count));
        SafeFileHandle handle = _file.SafeFileHandle;
        long position = first * sizeof(float);
        while (bytes.Length > 0)
        {
            int read = RandomAccess.Read(handle, bytes, position);
            if (read == 0)
                throw new IOException($"The temporary audio file {_path} ended early.");
            bytes = bytes[read..];
            position += read;
        }
    }

    /// <summary>Every sample, in memory (for short clips and tests).</summary>
    public float[] ReadAll()
    {
        var samples = new float[checked((int)Length)];
        Read(0, samples);
        return samples;
    }

    /// <summary>Closes and deletes the temporary file.</summary>
    public void Dispose() => _file.Dispose();
}

using KDTalker.Model.Motion;
using KDTalker.Tensors;

namespace KDTalker.Model.Audio;

/// <summary>
/// Audio features read on demand: each requested row's 80×16 mel window is cut from the spectrogram and the
/// windows go through the audio encoder in batches of at most <c>chunkFrames</c>. Every window is encoded
/// independently, so reading in any order or grouping gives the same values as <see cref="AudioFeatures.Compute"/>.
/// </summary>
public sealed class AudioFeatureStream : IAudioFeatureSource
{
    private readonly AudioEncoder _encoder;
    private readonly double[] _mel;
    private readonly int _bands, _melFrames, _chunkFrames;

    internal AudioFeatureStream(AudioEncoder encoder, double[] mel, int bands, int frames, int chunkFrames)
    {
        _encoder = encoder;
        _mel = mel;
        _bands = bands;
        _melFrames = mel.Length / bands;
        _chunkFrames = chunkFrames;
        Frames = frames;
    }

    /// <inheritdoc />
    public int Frames { get; }

    /// <inheritdoc />
    public int FeatureSize => AudioEncoder.FeatureSize;

    /// <inheritdoc />
    public void Read(int start, int count, Span<float> destination, CancellationToken cancellationToken)
    {
        if (start < 0 || count < 0 || start + count > Frames)
            throw new ArgumentOutOfRangeException(nameof(start), $"Rows {start}..{start + count - 1} are outside the {Frames} frames.");
        if (destination.Length < count * FeatureSize)
            throw new ArgumentException($"The destination holds {destination.Length} values; {count} rows need {count * FeatureSize}.", nameof(destination));
        int windowSize = _bands * MelWindows.Length;
        var windows = new float[Math.Min(_chunkFrames, Math.Max(count, 1)) * windowSize];
        for (int first = 0; first < count; first += _chunkFrames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int batch = Math.Min(_chunkFrames, count - first);
            for (int i = 0; i < batch; i++)
                MelWindows.Fill(_mel, _bands, _melFrames, start + first + i, windows.AsSpan(i * windowSize, windowSize));
            using var input = Ops.FromSpan(_encoder.Backend, windows.AsSpan(0, batch * windowSize), batch, 1, _bands, MelWindows.Length);
            using var output = _encoder.Forward(input);
            output.CopyTo(destination.Slice(first * FeatureSize, batch * FeatureSize));
        }
    }
}

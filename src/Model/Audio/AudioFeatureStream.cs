using KDTalker.Model.Motion;
using KDTalker.Tensors;

namespace KDTalker.Model.Audio;

/// <summary>
/// Audio features read on demand: for the requested rows, the mel frames their 80×16 windows cover are computed
/// from just the samples under them, and the windows go through the audio encoder in batches of at most
/// <c>chunkFrames</c>. Every mel frame and window is computed independently, so reading in any order or grouping
/// gives the same values as <see cref="AudioFeatures.Compute"/>, and memory stays bounded by the request.
/// </summary>
public sealed class AudioFeatureStream : IAudioFeatureSource
{
    private readonly AudioEncoder _encoder;
    private readonly MelSpectrogram _mel;
    private readonly IAudioSamples _samples;
    private readonly int _melFrames, _chunkFrames;

    internal AudioFeatureStream(AudioEncoder encoder, MelSpectrogram mel, IAudioSamples croppedSamples, int frames, int chunkFrames)
    {
        _encoder = encoder;
        _mel = mel;
        _samples = croppedSamples;
        _melFrames = mel.FrameCount(checked((int)croppedSamples.Length));
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
        int bands = _mel.Config.MelBands, windowSize = bands * MelWindows.Length;
        var windows = new float[Math.Min(_chunkFrames, Math.Max(count, 1)) * windowSize];
        for (int first = 0; first < count; first += _chunkFrames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int batch = Math.Min(_chunkFrames, count - first);
            int firstMel = Math.Clamp(MelWindows.Start(start + first), 0, _melFrames - 1);
            int lastMel = Math.Clamp(MelWindows.Start(start + first + batch - 1) + MelWindows.Length - 1, 0, _melFrames - 1);
            var mel = _mel.ComputeFrames(_samples, firstMel, lastMel - firstMel + 1);
            for (int i = 0; i < batch; i++)
                MelWindows.Fill(mel, bands, firstMel, lastMel - firstMel + 1, _melFrames, start + first + i, windows.AsSpan(i * windowSize, windowSize));
            using var input = Ops.FromSpan(_encoder.Backend, windows.AsSpan(0, batch * windowSize), batch, 1, bands, MelWindows.Length);
            using var output = _encoder.Forward(input);
            output.CopyTo(destination.Slice(first * FeatureSize, batch * FeatureSize));
        }
    }
}

using KDTalker.Tensors;

namespace KDTalker.Model.Audio;

/// <summary>
/// Audio → per-video-frame features (PIPELINE.md §4–§7): cut to whole video frames, mel spectrogram, one
/// 80×16 window per video frame, audio encoder. The windows are built and encoded a chunk of frames at a
/// time, so memory stays bounded by the chunk size (the mel itself, 80 floats per 200 samples, is kept whole).
/// Chunking does not change the result: every window is encoded independently.
/// </summary>
public sealed class AudioFeatures
{
    private readonly AudioEncoder _encoder;

    /// <summary>Uses <paramref name="encoder"/> (not owned) and <paramref name="mel"/> (default parameters if null).</summary>
    public AudioFeatures(AudioEncoder encoder, MelSpectrogram? mel = null, int chunkFrames = 128)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkFrames, 1);
        _encoder = encoder;
        Mel = mel ?? new MelSpectrogram();
        ChunkFrames = chunkFrames;
    }

    /// <summary>The spectrogram front end.</summary>
    public MelSpectrogram Mel { get; }

    /// <summary>Video frames encoded per batch.</summary>
    public int ChunkFrames { get; }

    /// <summary>
    /// Features (N, 512) of 16 kHz mono samples, N = int(samples / 640), on the encoder's backend.
    /// <paramref name="progress"/> receives the number of frames done after each chunk.
    /// </summary>
    /// <exception cref="ArgumentException">The audio is shorter than one video frame.</exception>
    public Tensor Compute(ReadOnlyMemory<float> samples, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        int frames = Mel.VideoFrameCount(samples.Length);
        if (frames == 0)
            throw new ArgumentException($"The audio ({samples.Length} samples) is shorter than one video frame ({Mel.Config.SamplesPerVideoFrame} samples).", nameof(samples));
        var mel = Mel.Compute(Mel.CropToVideoFrames(samples));
        int bands = Mel.Config.MelBands, melFrames = mel.Length / bands, windowSize = bands * MelWindows.Length;
        var features = new float[(long)frames * AudioEncoder.FeatureSize];
        var windows = new float[Math.Min(ChunkFrames, frames) * windowSize];
        for (int first = 0; first < frames; first += ChunkFrames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(ChunkFrames, frames - first);
            for (int i = 0; i < count; i++)
                MelWindows.Fill(mel, bands, melFrames, first + i, windows.AsSpan(i * windowSize, windowSize));
            using var input = Ops.FromSpan(_encoder.Backend, windows.AsSpan(0, count * windowSize), count, 1, bands, MelWindows.Length);
            using var output = _encoder.Forward(input);
            output.CopyTo(features.AsSpan(first * AudioEncoder.FeatureSize, count * AudioEncoder.FeatureSize));
            progress?.Report(first + count);
        }
        return Ops.FromSpan(_encoder.Backend, features, frames, AudioEncoder.FeatureSize);
    }
}

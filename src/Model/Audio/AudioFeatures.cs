using KDTalker.Tensors;

namespace KDTalker.Model.Audio;

/// <summary>
/// Audio → per-video-frame features (docs/PIPELINE.md §4–§7): cut to whole video frames, mel spectrogram, one
/// 80×16 window per video frame, audio encoder. The windows are built and encoded a chunk of frames at a
/// time, so memory stays bounded by the chunk size (and the mel frames under them).
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
        var stream = Stream(samples);
        var features = new float[(long)stream.Frames * AudioEncoder.FeatureSize];
        for (int first = 0; first < stream.Frames; first += ChunkFrames)
        {
            int count = Math.Min(ChunkFrames, stream.Frames - first);
            stream.Read(first, count, features.AsSpan(first * AudioEncoder.FeatureSize, count * AudioEncoder.FeatureSize), cancellationToken);
            progress?.Report(first + count);
        }
        return Ops.FromSpan(_encoder.Backend, features, stream.Frames, AudioEncoder.FeatureSize);
    }

    /// <summary>
    /// The features of <paramref name="samples"/> computed on demand, a few rows at a time (the mel
    /// spectrogram is computed once, up front): what the motion generator reads window by window.
    /// </summary>
    /// <exception cref="ArgumentException">The audio is shorter than one video frame.</exception>
    public AudioFeatureStream Stream(ReadOnlyMemory<float> samples) => Stream(new MemoryAudioSamples(samples));

    /// <summary>
    /// The features of 16 kHz mono samples (in memory or a file-backed <see cref="AudioTrack"/>), computed on
    /// demand from just the samples each request covers: memory does not grow with the audio's length.
    /// </summary>
    /// <exception cref="ArgumentException">The audio is shorter than one video frame.</exception>
    public AudioFeatureStream Stream(IAudioSamples samples)
    {
        long perFrame = Mel.Config.SamplesPerVideoFrame, frames = samples.Length / perFrame;
        if (frames == 0)
            throw new ArgumentException($"The audio ({samples.Length} samples) is shorter than one video frame ({perFrame} samples).", nameof(samples));
        if (frames > int.MaxValue / perFrame)
            throw new ArgumentException($"The audio ({samples.Length} samples) is longer than this engine handles ({int.MaxValue / perFrame} video " +
                "frames).", nameof(samples));
        return new AudioFeatureStream(_encoder, Mel, new CroppedAudioSamples(samples, frames * perFrame), (int)frames, ChunkFrames);
    }
}

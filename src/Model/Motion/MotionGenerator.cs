using KDTalker.Model.Renderer;

namespace KDTalker.Model.Motion;

/// <summary>
/// Audio features + the source's keypoint info → one <see cref="MotionFrame"/> per video frame (docs/PIPELINE.md
/// §3, §8–§10). The audio is cut into 64-frame windows; each window is sampled with the identity row (the
/// normalised canonical keypoints) and a reference row — the source motion for the first window, the last raw
/// sampled row of the previous window after that — and de-normalised. Frames are produced lazily, a window at
/// a time, so memory does not grow with the audio's length.
/// </summary>
/// <remarks>
/// Padding: the last window is filled up to 64 rows by repeating rows from the start of the audio, as upstream
/// does (rows N, N+1, … take the features of rows 0, 1, …). For N ≥ 32 this is upstream exactly. Upstream
/// breaks for N &lt; 32 (it then samples a 2N-row window and returns a wrong number of frames); we keep repeating
/// the audio cyclically to a full window and return the first N rows.
/// </remarks>
public sealed class MotionGenerator(MotionSampler sampler, MotionNormalization normalization)
{
    /// <summary>Frames per diffusion window.</summary>
    public const int WindowFrames = 64;

    /// <summary>Generates the motion of every frame of <paramref name="audio"/>, window by window.</summary>
    public IEnumerable<MotionFrame> Generate(IAudioFeatureSource audio, KeypointInfo source, MotionOptions options,
        IProgress<MotionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        if (audio.Frames < 1)
            throw new ArgumentException("There is no audio frame to animate.");
        if (audio.FeatureSize != sampler.Denoiser.Config.AudioFeatures)
            throw new ArgumentException($"The audio features have {audio.FeatureSize} values per frame; the motion model " +
                $"expects {sampler.Denoiser.Config.AudioFeatures}.");
        sampler.Scheduler.Timesteps(options.Steps); // validates the step count before any work
        return Windows(audio, source, options, progress, cancellationToken);
    }

    private IEnumerable<MotionFrame> Windows(IAudioFeatureSource audio, KeypointInfo source, MotionOptions options,
        IProgress<MotionProgress>? progress, CancellationToken cancellationToken)
    {
        int frames = audio.Frames, size = audio.FeatureSize, windows = (frames + WindowFrames - 1) / WindowFrames;
        var noise = options.Noise ?? new GaussianNoise(options.Seed);
        var identity = normalization.IdentityRow(source);
        var reference = normalization.SourceRow(source);
        var windowAudio = new float[WindowFrames * size];
        var windowNoise = new float[WindowFrames * MotionLayout.Features];
        for (int window = 0; window < windows; window++)
        {
            int start = window * WindowFrames, valid = Math.Min(WindowFrames, frames - start);
            audio.Read(start, valid, windowAudio, cancellationToken);
            for (int row = valid; row < WindowFrames;)
            {
                // Padding rows repeat the audio from its start, in as few contiguous reads as possible.
                int from = (start + row - frames) % frames, run = Math.Min(WindowFrames - row, frames - from);
                audio.Read(from, run, windowAudio.AsSpan(row * size, run * size), cancellationToken);
                row += run;
            }
            noise.Fill(windowNoise);
            var sampled = sampler.Sample(identity, reference, windowAudio, windowNoise, options.Steps, cancellationToken: cancellationToken);
            reference = sampled.AsSpan((WindowFrames - 1) * MotionLayout.Features, MotionLayout.Features).ToArray();
            progress?.Report(new MotionProgress(window + 1, windows, start + valid, frames));
            for (int row = 0; row < valid; row++)
                yield return normalization.Denormalize(sampled.AsSpan(row * MotionLayout.Features, MotionLayout.Features));
        }
    }
}

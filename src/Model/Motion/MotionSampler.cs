using KDTalker.Tensors;

namespace KDTalker.Model.Motion;

/// <summary>
/// ConditionalPointCloudDiffusionModel.forward_sample with DDIM (docs/PIPELINE.md §9) for one window: the model
/// sees [identity row, reference row, xₜ] with context [0, 0, audio] and its prediction for the two
/// conditioning rows is dropped; xₜ starts as the given noise and ends as x₀ (normalised motion rows).
/// </summary>
public sealed class MotionSampler(SimpleTransModel denoiser, DdimScheduler scheduler)
{
    /// <summary>The denoiser (not owned).</summary>
    public SimpleTransModel Denoiser => denoiser;

    /// <summary>The noise schedule.</summary>
    public DdimScheduler Scheduler => scheduler;

    /// <summary>
    /// Samples <c>frames = audio.Length / audioFeatures</c> motion rows. <paramref name="noise"/> (frames·70) is the
    /// initial xₜ; the result is x₀ (frames·70), row-major.
    /// </summary>
    public float[] Sample(ReadOnlySpan<float> identityRow, ReadOnlySpan<float> referenceRow, ReadOnlySpan<float> audio, ReadOnlySpan<float> noise,
        int steps, Action<SamplingStep>? observer = null, CancellationToken cancellationToken = default)
    {
        int features = denoiser.Config.MotionFeatures, audioFeatures = denoiser.Config.AudioFeatures;
        if (identityRow.Length != features || referenceRow.Length != features)
            throw new ArgumentException($"The identity and reference rows must have {features} values, got {identityRow.Length} and {referenceRow.Length}.");
        if (audio.Length == 0 || audio.Length % audioFeatures != 0)
            throw new ArgumentException($"The window's audio must be frames × {audioFeatures} values, got {audio.Length}.");
        int frames = audio.Length / audioFeatures, rows = frames + 2;
        if (noise.Length != frames * features)
            throw new ArgumentException($"The initial noise must be {frames} × {features} values, got {noise.Length}.");
        var timesteps = scheduler.Timesteps(steps);
        var backend = denoiser.Backend;

        // Context: two zero rows aligned with the conditioning rows, then the window's audio features.
        var contextValues = new float[rows * audioFeatures];
        audio.CopyTo(contextValues.AsSpan(2 * audioFeatures));
        using var contextTensor = Ops.FromSpan(backend, contextValues, 1, rows, audioFeatures);
        using var context = denoiser.Prepare(contextTensor);

        var modelInput = new float[rows * features];
        identityRow.CopyTo(modelInput);
        referenceRow.CopyTo(modelInput.AsSpan(features));
        var sample = modelInput.AsMemory(2 * features);
        noise.CopyTo(sample.Span);
        var prediction = new float[rows * features];
        for (int index = 0; index < timesteps.Length; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var inputSnapshot = observer is null ? null : (float[])modelInput.Clone();
            using (var x = Ops.FromSpan(backend, modelInput, 1, rows, features))
            using (var epsilon = denoiser.Forward(x, timesteps[index], context))
                epsilon.CopyTo(prediction);
            var noisePrediction = prediction.AsSpan(2 * features);
            scheduler.Step(noisePrediction, timesteps[index], steps, sample.Span);
            observer?.Invoke(new SamplingStep(index, timesteps[index], inputSnapshot!, noisePrediction.ToArray(), sample.ToArray()));
        }
        return sample.ToArray();
    }
}

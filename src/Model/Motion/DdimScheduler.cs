namespace KDTalker.Model.Motion;

/// <summary>
/// diffusers 0.10.2 DDIMScheduler as KDTalker builds it (docs/PIPELINE.md §9): 1000 training steps, linear betas
/// 1e-5 → 8e-3, ε-prediction, no clipping, final ᾱ = 1, η = 0 (deterministic). Schedule values are float32;
/// ᾱ is the float64 running product of the float32 alphas rounded to float32, as torch.cumprod does.
/// </summary>
public sealed class DdimScheduler
{
    private readonly float[] _alphasCumprod;

    /// <summary>Builds the schedule.</summary>
    public DdimScheduler(int trainSteps = 1000, double betaStart = 1e-5, double betaEnd = 8e-3)
    {
        if (trainSteps < 2)
            throw new ArgumentOutOfRangeException(nameof(trainSteps), trainSteps, "A diffusion schedule needs at least 2 training steps.");
        _alphasCumprod = new float[trainSteps];
        double product = 1;
        for (int i = 0; i < trainSteps; i++)
        {
            float beta = (float)(betaStart + (betaEnd - betaStart) * i / (trainSteps - 1));
            product *= 1f - beta;
            _alphasCumprod[i] = (float)product;
        }
    }

    /// <summary>Training steps (1000).</summary>
    public int TrainSteps => _alphasCumprod.Length;

    /// <summary>ᾱ for every training step.</summary>
    public ReadOnlySpan<float> AlphasCumprod => _alphasCumprod;

    /// <summary>
    /// set_timesteps(steps): ratio = trainSteps / steps (integer division), timesteps (steps−1)·ratio, …, ratio, 0.
    /// 50 steps give 980, 960, …, 0.
    /// </summary>
    public int[] Timesteps(int steps)
    {
        if (steps < 1 || steps > TrainSteps)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"Sampling steps must be between 1 and {TrainSteps}.");
        int ratio = TrainSteps / steps;
        return Enumerable.Range(0, steps).Select(i => (steps - 1 - i) * ratio).ToArray();
    }

    /// <summary>
    /// One η = 0 step from timestep <paramref name="timestep"/> to timestep − trainSteps/steps, in place on
    /// <paramref name="sample"/>: x₀ = (x − √(1−ᾱₜ)·ε)/√ᾱₜ, x ← √ᾱₚ·x₀ + √(1−ᾱₚ)·ε (ᾱₚ = 1 past the start).
    /// </summary>
    public void Step(ReadOnlySpan<float> noisePrediction, int timestep, int steps, Span<float> sample)
    {
        if (noisePrediction.Length != sample.Length)
            throw new ArgumentException($"Noise prediction ({noisePrediction.Length}) and sample ({sample.Length}) differ in size.");
        int previous = timestep - TrainSteps / steps;
        float alpha = _alphasCumprod[timestep];
        float alphaPrevious = previous >= 0 ? _alphasCumprod[previous] : 1f;
        float sqrtAlpha = MathF.Sqrt(alpha), sqrtOneMinusAlpha = MathF.Sqrt(1f - alpha);
        float sqrtAlphaPrevious = MathF.Sqrt(alphaPrevious), direction = MathF.Sqrt(1f - alphaPrevious);
        for (int i = 0; i < sample.Length; i++)
        {
            float original = (sample[i] - sqrtOneMinusAlpha * noisePrediction[i]) / sqrtAlpha;
            sample[i] = sqrtAlphaPrevious * original + direction * noisePrediction[i];
        }
    }
}

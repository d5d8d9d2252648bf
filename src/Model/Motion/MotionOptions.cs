namespace KDTalker.Model.Motion;

/// <summary>How motion is sampled: DDIM steps (50 upstream; 1–1000) and the noise (seeded by default).</summary>
public sealed record MotionOptions
{
    /// <summary>DDIM steps per window: fewer are faster and rougher.</summary>
    public int Steps { get; init; } = 50;

    /// <summary>Seed of the default noise: the same seed gives the same motion.</summary>
    public long Seed { get; init; }

    /// <summary>Noise to use instead of the seeded generator (tests, research); consumed window by window.</summary>
    public INoiseSource? Noise { get; init; }
}

using KDTalker.Model.Motion;

namespace KDTalker.Model.Pipeline;

/// <summary>How a video is generated. Defaults reproduce upstream: 50 DDIM steps, absolute motion, motion as generated.</summary>
public sealed record GenerationOptions
{
    /// <summary>DDIM steps per 64-frame window (1–1000): fewer are faster and rougher.</summary>
    public int Steps { get; init; } = 50;

    /// <summary>Seed of the diffusion noise: the same seed, inputs and weights give the same video.</summary>
    public long Seed { get; init; }

    /// <summary>Motion composition and the user's motion controls.</summary>
    public MotionControls Controls { get; init; } = new();

    /// <summary>Called with every frame's motion, in order (research exports, plots): as it is rendered, or as the motion is computed when the frames
    /// render from precomputed motion.</summary>
    public Action<FrameMotion>? MotionObserver { get; init; }

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (Steps is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "DDIM steps must be between 1 and 1000.");
        Controls.Validate();
    }
}

using KDTalker.Model.Motion;
using KDTalker.Model.Pipeline;

namespace KDTalker.Web.Jobs;

/// <summary>What the user asked for: the CLI's generation and portrait options, stored with the job.</summary>
public sealed record JobSettings
{
    /// <summary>Diffusion noise seed.</summary>
    public long Seed { get; init; }

    /// <summary>DDIM steps per 64-frame window (1–1000).</summary>
    public int Steps { get; init; } = 50;

    /// <summary>Head motion scale (0 keeps the photo's pose).</summary>
    public double HeadMotion { get; init; } = 1;

    /// <summary>Expression scale.</summary>
    public double Expression { get; init; } = 1;

    /// <summary>Only the lips move.</summary>
    public bool LipsOnly { get; init; }

    /// <summary>Relative motion composition.</summary>
    public bool Relative { get; init; }

    /// <summary>Composite the face back into the whole photo.</summary>
    public bool PasteBack { get; init; }

    /// <summary>The photo is already framed on the face.</summary>
    public bool NoCrop { get; init; }

    /// <summary>Which face, 0 = leftmost; null = the largest.</summary>
    public int? FaceIndex { get; init; }

    /// <summary>The engine's generation options.</summary>
    public GenerationOptions ToGenerationOptions() => new()
    {
        Seed = Seed,
        Steps = Steps,
        Controls = new MotionControls { HeadMotionScale = HeadMotion, ExpressionScale = Expression, LipsOnly = LipsOnly, Relative = Relative },
    };

    /// <summary>The engine's portrait options.</summary>
    public PortraitOptions ToPortraitOptions() => new() { FaceIndex = FaceIndex, NoCrop = NoCrop, PasteBack = PasteBack };
}

namespace KDTalker.Model.Pipeline;

/// <summary>The stages of a generation, in order.</summary>
public enum GenerationStage
{
    /// <summary>Encoding the portrait (appearance volume and keypoints).</summary>
    Source,

    /// <summary>Sampling, smoothing and composing the motion of every frame, before frames are rendered from it (or without rendering).</summary>
    Motion,

    /// <summary>Sampling motion and rendering frames (motion is sampled a 64-frame window ahead).</summary>
    Rendering,

    /// <summary>Finishing the output file.</summary>
    Finishing,
}

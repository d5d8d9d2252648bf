namespace KDTalker.Model.Pipeline;

/// <summary>The stages of a generation, in order.</summary>
public enum GenerationStage
{
    /// <summary>Encoding the portrait (appearance volume and keypoints).</summary>
    Source,

    /// <summary>Sampling, smoothing and composing motion without rendering (<see cref="Talker.GenerateMotionAsync"/>).</summary>
    Motion,

    /// <summary>Sampling motion and rendering frames (motion is sampled a 64-frame window ahead).</summary>
    Rendering,

    /// <summary>Finishing the output file.</summary>
    Finishing,
}

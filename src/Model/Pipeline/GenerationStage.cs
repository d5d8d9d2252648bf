namespace KDTalker.Model.Pipeline;

/// <summary>The stages of a generation, in order.</summary>
public enum GenerationStage
{
    /// <summary>Reading and decoding the portrait and finding the face.</summary>
    Portrait,

    /// <summary>Reading the speech and computing its spectrogram.</summary>
    Audio,

    /// <summary>Encoding the portrait (appearance volume and keypoints).</summary>
    Source,

    /// <summary>Sampling motion and rendering frames (motion is sampled a 64-frame window ahead).</summary>
    Rendering,

    /// <summary>Finishing the output file.</summary>
    Finishing,
}

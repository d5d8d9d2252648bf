namespace KDTalker.Model.Pipeline;

/// <summary>Where a generation stands: the stage, frames rendered out of the total, time so far and the estimate left.</summary>
public readonly record struct GenerationProgress(GenerationStage Stage, int FramesDone, int Frames, TimeSpan Elapsed, TimeSpan? Remaining);

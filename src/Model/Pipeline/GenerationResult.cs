namespace KDTalker.Model.Pipeline;

/// <summary>What a finished generation produced: frames written, the audio duration used (frames × 40 ms) and the time taken.</summary>
public sealed record GenerationResult(int Frames, TimeSpan VideoDuration, TimeSpan Elapsed);

namespace KDTalker.Farm.Coordinator;

/// <summary>
/// How a job went on the farm: frames, wall time, frames per worker, ranges re-issued, and the coordination overhead
/// per frame: the time a worker was busy on a range as the coordinator saw it (request out to last frame in), less
/// the worker's own compute time, over the frames received.
/// </summary>
public sealed record FarmReport(int Frames, TimeSpan Elapsed, IReadOnlyDictionary<string, int> FramesPerWorker, int Reissued,
    TimeSpan OverheadPerFrame, TimeSpan RenderTimePerFrame)
{
    /// <summary>Frames per second over the rendering stage.</summary>
    public double FramesPerSecond => Frames / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>Coordination overhead as a fraction of the render time.</summary>
    public double OverheadFraction => OverheadPerFrame / RenderTimePerFrame;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Frames} frames in {Elapsed.TotalSeconds:F1} s ({FramesPerSecond:F2} frames/s) on {FramesPerWorker.Count} workers "
        + $"({string.Join(", ", FramesPerWorker.Select(w => $"{w.Key}: {w.Value}"))}); {Reissued} ranges re-issued; "
        + $"coordination {OverheadPerFrame.TotalMilliseconds:F1} ms/frame = {OverheadFraction:P1} of {RenderTimePerFrame.TotalMilliseconds:F0} ms render";
}

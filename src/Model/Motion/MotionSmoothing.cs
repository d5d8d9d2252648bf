namespace KDTalker.Model.Motion;

/// <summary>
/// Upstream's Kalman smoothing of generated motion (docs/PIPELINE.md §12): pitch, yaw, roll, t and exp are smoothed,
/// each dimension independently with the same scalar filter; scale is not. Streams: a frame comes out once the
/// smoother has seen <see cref="KalmanSmoother.Lag"/> frames past it (or the sequence ended), which equals the
/// whole-sequence smoother to float64 rounding.
/// </summary>
public static class MotionSmoothing
{
    private const int Dimensions = 3 + 3 + MotionLayout.ExpressionValues;

    /// <summary>The smoothed frames, in order, one per input frame.</summary>
    public static IEnumerable<MotionFrame> Smooth(IEnumerable<MotionFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return Stream(frames);
    }

    private static IEnumerable<MotionFrame> Stream(IEnumerable<MotionFrame> frames)
    {
        var smoother = new KalmanSmoother(Dimensions);
        var scales = new Queue<float>();
        var observation = new float[Dimensions];
        foreach (var frame in frames)
        {
            observation[0] = frame.Pitch;
            observation[1] = frame.Yaw;
            observation[2] = frame.Roll;
            frame.T.CopyTo(observation, 3);
            frame.Exp.CopyTo(observation, 6);
            scales.Enqueue(frame.Scale);
            foreach (var smoothed in smoother.Push(observation))
                yield return Frame(smoothed, scales.Dequeue());
        }
        if (scales.Count > 0)
            foreach (var smoothed in smoother.Flush())
                yield return Frame(smoothed, scales.Dequeue());
    }

    // float64 state back to float32, as upstream's torch.Tensor(...) conversion does.
    private static MotionFrame Frame(double[] smoothed, float scale) => new(scale, Yaw: (float)smoothed[1], Pitch: (float)smoothed[0], Roll: (float)smoothed[2],
        T: [(float)smoothed[3], (float)smoothed[4], (float)smoothed[5]], Exp: smoothed.Skip(6).Select(v => (float)v).ToArray());
}

namespace KDTalker.Model.Pipeline;

/// <summary>
/// The driving keypoints x_d of consecutive frames [<see cref="Start"/>, <see cref="End"/>) of a video (PIPELINE.md §12),
/// computed once by the motion stage: any frame range renders from them alone, in any process, to the same pixels.
/// Stored flat, frame-major (K·3 values a frame: 21 keypoints × 3 = 252 bytes), so an hour of video is 23 MB.
/// </summary>
public sealed class MotionTrack
{
    private readonly float[] _keypoints;

    /// <summary>Wraps the keypoints of frames [<paramref name="start"/>, start + keypoints.Length / valuesPerFrame) (not copied).</summary>
    public MotionTrack(int start, int valuesPerFrame, float[] keypoints)
    {
        ArgumentNullException.ThrowIfNull(keypoints);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(valuesPerFrame);
        if (keypoints.Length % valuesPerFrame != 0)
            throw new ArgumentException($"{keypoints.Length} keypoint values are not whole frames of {valuesPerFrame}.", nameof(keypoints));
        Start = start;
        ValuesPerFrame = valuesPerFrame;
        _keypoints = keypoints;
    }

    /// <summary>The first frame's index in the video.</summary>
    public int Start { get; }

    /// <summary>One past the last frame's index.</summary>
    public int End => Start + Frames;

    /// <summary>Number of frames.</summary>
    public int Frames => _keypoints.Length / ValuesPerFrame;

    /// <summary>Values per frame: K keypoints × 3.</summary>
    public int ValuesPerFrame { get; }

    /// <summary>All values, frame-major (for serialisers).</summary>
    public ReadOnlySpan<float> Values => _keypoints;

    /// <summary>The driving keypoints of video frame <paramref name="frame"/> (in [Start, End)).</summary>
    public ReadOnlySpan<float> Keypoints(int frame)
    {
        if (frame < Start || frame >= End)
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"The track holds frames [{Start}, {End}).");
        return _keypoints.AsSpan((frame - Start) * ValuesPerFrame, ValuesPerFrame);
    }

    /// <summary>A copy of frames [<paramref name="start"/>, <paramref name="end"/>), keeping their video indices.</summary>
    public MotionTrack Slice(int start, int end)
    {
        if (start < Start || end > End || start > end)
            throw new ArgumentOutOfRangeException(nameof(start), $"[{start}, {end}) is not inside [{Start}, {End}).");
        return new MotionTrack(start, ValuesPerFrame, _keypoints.AsSpan((start - Start) * ValuesPerFrame, (end - start) * ValuesPerFrame).ToArray());
    }
}

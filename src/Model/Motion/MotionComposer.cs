using KDTalker.Model.Renderer;

namespace KDTalker.Model.Motion;

/// <summary>
/// Per-frame motion composition (docs/PIPELINE.md §12): driving keypoints x_d = scale·(x_c_s·R + δ) + t for the
/// renderer, with x_c_s the source's canonical keypoints (row vectors, multiplied on the right).
/// Absolute (upstream default): R = R(frame), δ = exp(frame), scale = source scale, t = t(frame) with t_z = 0.
/// Relative: R = R(frame)·R(first)ᵀ·R_s, δ = exp_s + exp(frame) − exp(first), scale = s_s·s(frame)/s(first),
/// t = t_s + t(frame) − t(first), t_z = 0.
/// <see cref="MotionControls"/> scales each frame's pose and expression away from an anchor — the source
/// (absolute) or the first generated frame (relative) — before composing; at scale 1 nothing changes.
/// </summary>
public sealed class MotionComposer
{
    private static readonly int[] LipKeypoints = [6, 12, 14, 17, 19, 20];
    private readonly KeypointInfo _source;
    private readonly MotionControls _controls;
    private readonly float[,] _sourceRotation;
    private MotionFrame? _first;

    /// <summary>A composer for one source portrait.</summary>
    public MotionComposer(KeypointInfo source, MotionControls controls)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(controls);
        controls.Validate();
        _source = source;
        _controls = controls;
        _sourceRotation = HeadRotation.Matrix(source.Pitch, source.Yaw, source.Roll);
    }

    /// <summary>The composed motion and driving keypoints of the next frame; frames must come in order.</summary>
    public DrivingMotion Compose(MotionFrame frame)
    {
        _first ??= frame;
        var anchor = _controls.Relative ? _first : SourceFrame();
        var driving = Controlled(frame, anchor);
        float[,] rotation;
        float[] delta, translation;
        float scale;
        if (_controls.Relative)
        {
            var first = _first;
            rotation = HeadRotation.Multiply(HeadRotation.Multiply(Rotation(driving), HeadRotation.Transpose(Rotation(first))), _sourceRotation);
            delta = new float[driving.Exp.Length];
            for (int i = 0; i < delta.Length; i++)
                delta[i] = _source.Exp[i] + (driving.Exp[i] - first.Exp[i]);
            scale = _source.Scale * (driving.Scale / first.Scale);
            translation = [_source.T[0] + (driving.T[0] - first.T[0]), _source.T[1] + (driving.T[1] - first.T[1]), 0];
        }
        else
        {
            rotation = Rotation(driving);
            delta = driving.Exp;
            scale = _source.Scale;
            translation = [driving.T[0], driving.T[1], 0];
        }
        return new DrivingMotion(rotation, delta, scale, translation, Keypoints(rotation, delta, scale, translation));
    }

    // x_d = scale·(x_c_s @ R + δ) + t, every keypoint translated by the full t (t_z is already 0).
    private ImplicitKeypoints Keypoints(float[,] rotation, float[] delta, float scale, float[] translation)
    {
        var kp = _source.Kp;
        var result = new float[kp.Length];
        for (int k = 0; k < kp.Length / 3; k++)
            for (int j = 0; j < 3; j++)
            {
                float rotated = kp[3 * k] * rotation[0, j] + kp[3 * k + 1] * rotation[1, j] + kp[3 * k + 2] * rotation[2, j];
                result[3 * k + j] = scale * (rotated + delta[3 * k + j]) + translation[j];
            }
        return new ImplicitKeypoints(result);
    }

    // The frame after the user's scales: anchor + s·(frame − anchor), in float64 so that s = 1 returns the
    // frame bit for bit. Lips only: pose from the anchor, expression from the anchor except the lip keypoints.
    private MotionFrame Controlled(MotionFrame frame, MotionFrame anchor)
    {
        double head = _controls.LipsOnly ? 0 : _controls.HeadMotionScale, expression = _controls.ExpressionScale;
        if (head == 1 && expression == 1 && !_controls.LipsOnly)
            return frame;
        var exp = new float[frame.Exp.Length];
        for (int i = 0; i < exp.Length; i++)
            exp[i] = Lerp(anchor.Exp[i], frame.Exp[i], expression);
        if (_controls.LipsOnly)
            for (int i = 0; i < exp.Length; i++)
                if (!LipKeypoints.Contains(i / 3))
                    exp[i] = anchor.Exp[i];
        return new MotionFrame(Lerp(anchor.Scale, frame.Scale, head), Lerp(anchor.Yaw, frame.Yaw, head), Lerp(anchor.Pitch, frame.Pitch, head),
            Lerp(anchor.Roll, frame.Roll, head), [.. frame.T.Select((t, i) => Lerp(anchor.T[i], t, head))], exp);
    }

    private MotionFrame SourceFrame() => new(_source.Scale, _source.Yaw, _source.Pitch, _source.Roll, _source.T, _source.Exp);

    private static float Lerp(float anchor, float value, double amount) => (float)(anchor + amount * ((double)value - anchor));

    private static float[,] Rotation(MotionFrame frame) => HeadRotation.Matrix(frame.Pitch, frame.Yaw, frame.Roll);
}

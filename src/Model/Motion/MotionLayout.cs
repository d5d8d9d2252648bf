namespace KDTalker.Model.Motion;

/// <summary>
/// The 70 features of one motion row, in the order the diffusion model was trained with (docs/PIPELINE.md §3):
/// [scale, yaw, pitch, roll, tx, ty, tz, exp0 … exp62] — yaw before pitch.
/// </summary>
public static class MotionLayout
{
    /// <summary>Features per row.</summary>
    public const int Features = 70;

    /// <summary>Column of each quantity.</summary>
    public const int Scale = 0, Yaw = 1, Pitch = 2, Roll = 3, Translation = 4, Expression = 7;

    /// <summary>Implicit keypoints (K) and expression values (K·3).</summary>
    public const int Keypoints = 21, ExpressionValues = 63;
}

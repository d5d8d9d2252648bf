namespace KDTalker.Model.Motion;

/// <summary>
/// How generated motion drives the portrait. The defaults reproduce upstream (absolute composition, motion as
/// generated); the scales and lips-only mode are ours, for users who want calmer or livelier heads.
/// </summary>
public sealed record MotionControls
{
    /// <summary>
    /// Relative composition (LivePortrait's flag_relative_motion): the source pose and expression plus each
    /// frame's change since the first generated frame. Off upstream: the generated pose is used as is.
    /// </summary>
    public bool Relative { get; init; }

    /// <summary>Head motion (rotation and translation) scale: 0 keeps the source pose, 1 = as generated, &gt; 1 livelier.</summary>
    public double HeadMotionScale { get; init; } = 1;

    /// <summary>Expression scale: 0 keeps the source expression, 1 = as generated, &gt; 1 exaggerated.</summary>
    public double ExpressionScale { get; init; } = 1;

    /// <summary>
    /// Lips only: the head keeps the source pose and only the lip keypoints (LivePortrait's "lip" animation
    /// region, keypoints 6, 12, 14, 17, 19, 20) follow the generated expression.
    /// </summary>
    public bool LipsOnly { get; init; }

    /// <summary>Throws when a scale is negative or not finite.</summary>
    public void Validate()
    {
        if (!double.IsFinite(HeadMotionScale) || HeadMotionScale < 0)
            throw new ArgumentOutOfRangeException(nameof(HeadMotionScale), HeadMotionScale, "The head motion scale must be a finite number ≥ 0.");
        if (!double.IsFinite(ExpressionScale) || ExpressionScale < 0)
            throw new ArgumentOutOfRangeException(nameof(ExpressionScale), ExpressionScale, "The expression scale must be a finite number ≥ 0.");
    }
}

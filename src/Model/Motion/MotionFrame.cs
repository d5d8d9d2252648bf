namespace KDTalker.Model.Motion;

/// <summary>
/// One frame of generated motion after de-normalisation (output_to_dict + _denorm, docs/PIPELINE.md §10): head pose
/// in degrees, translation t (3), expression deltas (21 keypoints × 3, keypoint-major) and scale.
/// </summary>
public sealed record MotionFrame(float Scale, float Yaw, float Pitch, float Roll, float[] T, float[] Exp)
{
    /// <summary>The frame as a 70-value row in <see cref="MotionLayout"/> order.</summary>
    public float[] ToRow()
    {
        var row = new float[MotionLayout.Features];
        row[MotionLayout.Scale] = Scale;
        row[MotionLayout.Yaw] = Yaw;
        row[MotionLayout.Pitch] = Pitch;
        row[MotionLayout.Roll] = Roll;
        T.CopyTo(row, MotionLayout.Translation);
        Exp.CopyTo(row, MotionLayout.Expression);
        return row;
    }

    /// <summary>Reads a 70-value row in <see cref="MotionLayout"/> order.</summary>
    public static MotionFrame FromRow(ReadOnlySpan<float> row)
    {
        if (row.Length != MotionLayout.Features)
            throw new ArgumentException($"A motion row has {MotionLayout.Features} values, got {row.Length}.");
        return new MotionFrame(row[MotionLayout.Scale], row[MotionLayout.Yaw], row[MotionLayout.Pitch], row[MotionLayout.Roll],
            row.Slice(MotionLayout.Translation, 3).ToArray(), row.Slice(MotionLayout.Expression, MotionLayout.ExpressionValues).ToArray());
    }
}

namespace KDTalker.Model.Renderer;

/// <summary>
/// get_kp_info's result for one face: head pose in degrees, translation t (3), expression deltas (K·3),
/// scale, canonical keypoints (K·3, keypoint-major: element 3k + axis).
/// </summary>
public sealed record KeypointInfo(float Pitch, float Yaw, float Roll, float[] T, float[] Exp, float Scale, float[] Kp)
{
    /// <summary>Post-processes the raw heads (docs/PIPELINE.md §2): each angle is the softmax expectation of its bins ·3 − 97.5.</summary>
    public static KeypointInfo FromHeads(MotionHeads heads) =>
        new(Degrees(heads.Pitch), Degrees(heads.Yaw), Degrees(heads.Roll), heads.T, heads.Exp, heads.Scale[0], heads.Kp);

    /// <summary>Σ softmax(logits)_i · i · 3 − 97.5, in float32 like upstream.</summary>
    public static float Degrees(float[] logits)
    {
        float max = logits.Max();
        var weights = logits.Select(v => MathF.Exp(v - max)).ToArray();
        float total = weights.Sum();
        float expectation = 0;
        for (int i = 0; i < weights.Length; i++)
            expectation += weights[i] / total * i;
        return expectation * 3 - 97.5f;
    }

    /// <summary>
    /// transform_keypoint: x = scale · (kp @ R + exp), then t added to x and y only (z is not translated).
    /// </summary>
    public ImplicitKeypoints Transform()
    {
        var rotation = HeadRotation.Matrix(Pitch, Yaw, Roll);
        int count = Kp.Length / 3;
        var result = new float[Kp.Length];
        for (int k = 0; k < count; k++)
            for (int j = 0; j < 3; j++)
            {
                float rotated = Kp[3 * k] * rotation[0, j] + Kp[3 * k + 1] * rotation[1, j] + Kp[3 * k + 2] * rotation[2, j];
                float value = (rotated + Exp[3 * k + j]) * Scale;
                result[3 * k + j] = j < 2 ? value + T[j] : value;
            }
        return new ImplicitKeypoints(result);
    }
}

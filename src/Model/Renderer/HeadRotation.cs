namespace KDTalker.Model.Renderer;

/// <summary>
/// get_rotation_matrix (docs/PIPELINE.md §11): R = (Rz(roll)·Ry(yaw)·Rx(pitch))ᵀ from angles in degrees, in
/// float32 like upstream. Keypoints are row vectors multiplied on the right (p' = p·R).
/// </summary>
public static class HeadRotation
{
    /// <summary>The 3×3 matrix [row, column].</summary>
    public static float[,] Matrix(float pitchDegrees, float yawDegrees, float rollDegrees)
    {
        float x = Radians(pitchDegrees), y = Radians(yawDegrees), z = Radians(rollDegrees);
        float[,] rx = { { 1, 0, 0 }, { 0, MathF.Cos(x), -MathF.Sin(x) }, { 0, MathF.Sin(x), MathF.Cos(x) } };
        float[,] ry = { { MathF.Cos(y), 0, MathF.Sin(y) }, { 0, 1, 0 }, { -MathF.Sin(y), 0, MathF.Cos(y) } };
        float[,] rz = { { MathF.Cos(z), -MathF.Sin(z), 0 }, { MathF.Sin(z), MathF.Cos(z), 0 }, { 0, 0, 1 } };
        return Transpose(Multiply(Multiply(rz, ry), rx));
    }

    /// <summary>The 3×3 product a·b in float32, each entry summed left to right.</summary>
    public static float[,] Multiply(float[,] a, float[,] b)
    {
        var c = new float[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                c[i, j] = a[i, 0] * b[0, j] + a[i, 1] * b[1, j] + a[i, 2] * b[2, j];
        return c;
    }

    /// <summary>The transpose of a 3×3 matrix.</summary>
    public static float[,] Transpose(float[,] m)
    {
        var t = new float[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                t[i, j] = m[j, i];
        return t;
    }

    // deg / 180 · π with π as a double (numpy pi) applied to a float32 tensor: the result is float32.
    private static float Radians(float degrees) => (float)(degrees / 180f * Math.PI);
}

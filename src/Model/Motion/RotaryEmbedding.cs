using KDTalker.Tensors;

namespace KDTalker.Model.Motion;

/// <summary>
/// rotary_embedding_torch 0.3.0's RotaryEmbedding as the denoiser uses it: the angle of pair m at sequence
/// position p (the two conditioning rows included) is p·freqs[m], in float32; each frequency serves one
/// interleaved feature pair (2m, 2m+1). Only the first 2·pairs features of a 64-wide head are rotated.
/// </summary>
public static class RotaryEmbedding
{
    /// <summary>Angles (positions, pairs): θ[p, m] = p·freqs[m].</summary>
    public static float[] Angles(ReadOnlySpan<float> frequencies, int positions)
    {
        var angles = new float[positions * frequencies.Length];
        for (int p = 0; p < positions; p++)
            for (int m = 0; m < frequencies.Length; m++)
                angles[p * frequencies.Length + m] = p * frequencies[m];
        return angles;
    }

    /// <summary>The cosine and sine tables (positions, pairs) the fused attention op takes.</summary>
    public static (Tensor Cos, Tensor Sin) Tables(IBackend backend, ReadOnlySpan<float> frequencies, int positions)
    {
        var angles = Angles(frequencies, positions);
        var cos = Array.ConvertAll(angles, a => (float)Math.Cos(a));
        var sin = Array.ConvertAll(angles, a => (float)Math.Sin(a));
        return (Ops.FromSpan(backend, cos, positions, frequencies.Length), Ops.FromSpan(backend, sin, positions, frequencies.Length));
    }
}

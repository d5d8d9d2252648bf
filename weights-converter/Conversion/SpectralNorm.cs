namespace KDTalker.WeightsConverter.Conversion;

/// <summary>
/// torch.nn.utils.spectral_norm in eval mode: W = weight_orig / σ with σ = uᵀ (W_mat v), where W_mat is
/// weight_orig reshaped to (out, rest) and u, v are the stored power-iteration vectors (no iteration at
/// inference). σ is accumulated in float64 and rounded once; the division is float32 as in torch.
/// </summary>
public static class SpectralNorm
{
    /// <summary>The effective weight.</summary>
    public static float[] Resolve(float[] weightOrig, float[] u, float[] v)
    {
        int rows = u.Length, columns = v.Length;
        if ((long)rows * columns != weightOrig.Length)
            throw new InvalidDataException($"Spectral norm: weight_orig has {weightOrig.Length} elements, but u ({rows}) × v ({columns}) " +
                $"= {(long)rows * columns}.");
        double sigma = 0;
        for (int r = 0; r < rows; r++)
        {
            double row = 0;
            for (int c = 0; c < columns; c++)
                row += (double)weightOrig[r * columns + c] * v[c];
            sigma += u[r] * row;
        }
        float divisor = (float)sigma;
        var weight = new float[weightOrig.Length];
        for (int i = 0; i < weight.Length; i++)
            weight[i] = weightOrig[i] / divisor;
        return weight;
    }
}

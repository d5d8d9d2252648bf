using KDTalker.Tests.Support;

namespace KDTalker.Tests.Reference;

/// <summary>
/// Float64 multi-head attention as the diffusion transformer's Attention module computes it: q·scale, then the
/// interleaved rotary embedding on q and k, scores q·kᵀ + bias, a two-pass softmax over keys, then ·v.
/// </summary>
public static class AttentionReference
{
    /// <summary>q (B,H,Fq,D), k/v (B,H,Fk,D), bias (H,Fq,Fk) or null, angles (F,P) or null → (B,Fq,H,D).</summary>
    public static RefTensor Attention(RefTensor q, RefTensor k, RefTensor v, double scale, RefTensor? bias, RefTensor? cos, RefTensor? sin)
    {
        int batch = q.Shape[0], heads = q.Shape[1], queries = q.Shape[2], depth = q.Shape[3], keys = k.Shape[2];
        var result = new RefTensor([batch, queries, heads, depth]);
        for (int b = 0; b < batch; b++)
            for (int h = 0; h < heads; h++)
            {
                var rotatedKeys = new double[keys][];
                for (int j = 0; j < keys; j++)
                    rotatedKeys[j] = Rotate(Row(k, b, h, j, 1), j, cos, sin);
                for (int i = 0; i < queries; i++)
                {
                    var query = Rotate(Row(q, b, h, i, scale), i, cos, sin);
                    var scores = new double[keys];
                    for (int j = 0; j < keys; j++)
                    {
                        for (int f = 0; f < depth; f++)
                            scores[j] += query[f] * rotatedKeys[j][f];
                        if (bias is not null)
                            scores[j] += bias[h, i, j];
                    }
                    double max = scores.Max(), total = scores.Sum(s => Math.Exp(s - max));
                    for (int f = 0; f < depth; f++)
                    {
                        double value = 0;
                        for (int j = 0; j < keys; j++)
                            value += Math.Exp(scores[j] - max) / total * v[b, h, j, f];
                        result[b, i, h, f] = value;
                    }
                }
            }
        return result;
    }

    private static double[] Row(RefTensor x, int b, int h, int row, double scale) =>
        Enumerable.Range(0, x.Shape[3]).Select(f => x[b, h, row, f] * scale).ToArray();

    private static double[] Rotate(double[] x, int position, RefTensor? cos, RefTensor? sin)
    {
        if (cos is null || sin is null)
            return x;
        var y = (double[])x.Clone();
        for (int m = 0; m < cos.Shape[1]; m++)
        {
            double c = cos[position, m], s = sin[position, m];
            y[2 * m] = x[2 * m] * c - x[2 * m + 1] * s;
            y[2 * m + 1] = x[2 * m + 1] * c + x[2 * m] * s;
        }
        return y;
    }
}

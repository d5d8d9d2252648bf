using KDTalker.Tests.Support;

namespace KDTalker.Tests.Reference;

/// <summary>Float64 normalisation layers, from the PyTorch definitions (biased variance everywhere).</summary>
public static class NormalizationReference
{
    /// <summary>Normalises over the axes in <paramref name="axes"/>; weight/bias indexed by <paramref name="affineAxis"/> (or none).</summary>
    public static RefTensor Normalize(RefTensor x, int[] axes, double eps, RefTensor? weight, RefTensor? bias, int affineAxis)
    {
        var mean = ElementwiseReference.Reduce(x, KDTalker.Tensors.ReduceOp.Mean, axes, keepDims: true);
        var variance = ElementwiseReference.Reduce(x, KDTalker.Tensors.ReduceOp.Variance, axes, keepDims: true);
        var result = new RefTensor(x.Shape);
        for (int i = 0; i < x.Length; i++)
        {
            var index = x.Unravel(i);
            var statIndex = index.Select((v, axis) => mean.Shape[axis] == 1 ? 0 : v).ToArray();
            double value = (x.Data[i] - mean[statIndex]) / Math.Sqrt(variance[statIndex] + eps);
            if (weight is not null)
                value *= weight.Data[index[affineAxis]];
            if (bias is not null)
                value += bias.Data[index[affineAxis]];
            result.Data[i] = value;
        }
        return result;
    }

    public static RefTensor BatchNorm(RefTensor x, RefTensor mean, RefTensor variance, RefTensor weight, RefTensor bias, double eps)
    {
        var result = new RefTensor(x.Shape);
        for (int i = 0; i < x.Length; i++)
        {
            int c = x.Unravel(i)[1];
            result.Data[i] = (x.Data[i] - mean.Data[c]) / Math.Sqrt(variance.Data[c] + eps) * weight.Data[c] + bias.Data[c];
        }
        return result;
    }

    /// <summary>ConvNeXt-V2 GRN on (N, H, W, C).</summary>
    public static RefTensor Grn(RefTensor x, RefTensor gamma, RefTensor beta, double eps)
    {
        int n = x.Shape[0], positions = x.Shape[1] * x.Shape[2], channels = x.Shape[3];
        var result = new RefTensor(x.Shape);
        for (int b = 0; b < n; b++)
        {
            var g = new double[channels];
            for (int p = 0; p < positions; p++)
                for (int c = 0; c < channels; c++)
                    g[c] += Math.Pow(x.Data[(b * positions + p) * channels + c], 2);
            for (int c = 0; c < channels; c++)
                g[c] = Math.Sqrt(g[c]);
            double mean = g.Average();
            for (int p = 0; p < positions; p++)
                for (int c = 0; c < channels; c++)
                {
                    int i = (b * positions + p) * channels + c;
                    result.Data[i] = gamma.Data[c] * (x.Data[i] * g[c] / (mean + eps)) + beta.Data[c] + x.Data[i];
                }
        }
        return result;
    }
}

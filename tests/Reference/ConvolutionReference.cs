using KDTalker.Tests.Support;

namespace KDTalker.Tests.Reference;

/// <summary>float64 truth for F.conv2d / F.conv3d (cross-correlation, zero padding, groups), as plain loops.</summary>
public static class ConvolutionReference
{
    /// <summary>
    /// x (N, C_in, *spatial), weight (C_out, C_in/groups, *kernel), bias (C_out) or null; 2 or 3 spatial axes:
    /// y[n, o, p] = bias[o] + Σ_{c in group(o), t} x[n, c, p·stride − padding + t] · weight[o, c − c0, t].
    /// </summary>
    public static RefTensor Convolution(RefTensor x, RefTensor weight, RefTensor? bias, int[] stride, int[] padding, int groups)
    {
        int spatial = x.Rank - 2;
        int batch = x.Shape[0], inChannels = x.Shape[1], outChannels = weight.Shape[0];
        int groupIn = inChannels / groups, groupOut = outChannels / groups;
        var kernel = weight.Shape[2..];
        var outSize = new int[spatial];
        for (int i = 0; i < spatial; i++)
            outSize[i] = (x.Shape[2 + i] + 2 * padding[i] - kernel[i]) / stride[i] + 1;
        var y = new RefTensor([batch, outChannels, .. outSize]);
        var outPositions = new RefTensor(outSize);
        var taps = new RefTensor(kernel);
        for (int n = 0; n < batch; n++)
            for (int o = 0; o < outChannels; o++)
            {
                int group = o / groupOut;
                for (int position = 0; position < outPositions.Length; position++)
                {
                    var outIndex = outPositions.Unravel(position);
                    double sum = bias is null ? 0 : bias.Data[o];
                    for (int c = 0; c < groupIn; c++)
                        for (int tap = 0; tap < taps.Length; tap++)
                        {
                            var tapIndex = taps.Unravel(tap);
                            var inIndex = new int[spatial];
                            bool inside = true;
                            for (int i = 0; i < spatial; i++)
                            {
                                inIndex[i] = outIndex[i] * stride[i] - padding[i] + tapIndex[i];
                                inside &= inIndex[i] >= 0 && inIndex[i] < x.Shape[2 + i];
                            }
                            if (inside)
                                sum += x[[n, group * groupIn + c, .. inIndex]] * weight[[o, c, .. tapIndex]];
                        }
                    y[[n, o, .. outIndex]] = sum;
                }
            }
        return y;
    }
}

using KDTalker.Tests.Support;

namespace KDTalker.Tests.Reference;

/// <summary>Float64 cross-correlation with zero padding, straight from torch.nn.functional.conv2d/conv3d.</summary>
public static class ConvolutionReference
{
    public static RefTensor Convolve(RefTensor x, RefTensor weight, RefTensor? bias, int[] stride, int[] padding, int groups)
    {
        int spatial = x.Rank - 2;
        int batch = x.Shape[0], inChannels = x.Shape[1], outChannels = weight.Shape[0];
        int inPerGroup = inChannels / groups, outPerGroup = outChannels / groups;
        var inSize = Expand3(x.Shape[2..], spatial, 1);
        var kernel = Expand3(weight.Shape[2..], spatial, 1);
        var s = Expand3(stride, spatial, 1);
        var p = Expand3(padding, spatial, 0);
        var outSize = new int[3];
        for (int i = 0; i < 3; i++)
            outSize[i] = (inSize[i] + 2 * p[i] - kernel[i]) / s[i] + 1;
        var result = new RefTensor([batch, outChannels, .. outSize[(3 - spatial)..]]);
        int o = 0;
        for (int n = 0; n < batch; n++)
            for (int co = 0; co < outChannels; co++)
            {
                int group = co / outPerGroup;
                for (int od = 0; od < outSize[0]; od++)
                    for (int oh = 0; oh < outSize[1]; oh++)
                        for (int ow = 0; ow < outSize[2]; ow++)
                        {
                            double sum = bias?.Data[co] ?? 0;
                            for (int ci = 0; ci < inPerGroup; ci++)
                                for (int i = 0; i < kernel[0]; i++)
                                    for (int j = 0; j < kernel[1]; j++)
                                        for (int l = 0; l < kernel[2]; l++)
                                        {
                                            int z = od * s[0] - p[0] + i, y = oh * s[1] - p[1] + j, xx = ow * s[2] - p[2] + l;
                                            if (z < 0 || z >= inSize[0] || y < 0 || y >= inSize[1] || xx < 0 || xx >= inSize[2])
                                                continue;
                                            int c = group * inPerGroup + ci;
                                            double input = x.Data[(((n * inChannels + c) * inSize[0] + z) * inSize[1] + y) * inSize[2] + xx];
                                            double w = weight.Data[(((co * inPerGroup + ci) * kernel[0] + i) * kernel[1] + j) * kernel[2] + l];
                                            sum += input * w;
                                        }
                            result.Data[o++] = sum;
                        }
            }
        return result;
    }

    private static int[] Expand3(int[] values, int spatial, int fill) => spatial == 3 ? values : [fill, .. values];
}

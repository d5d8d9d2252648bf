using KDTalker.Kernels.Cpu.Convolution;
using KDTalker.Kernels.Cpu.Gemm;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu;

// Convolutions: implicit GEMM for the general case, a direct kernel for depthwise.
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public unsafe Tensor Convolution(Tensor x, Tensor weight, Tensor? bias, ConvGeometry geometry)
    {
        var g = geometry;
        var output = Empty([g.Batch, g.OutChannels, .. g.OutputSize]);
        float* input = Pointer(x), kernel = Pointer(weight), result = Pointer(output), biasData = PointerOrNull(bias);
        if (g.IsDepthwise && g.SpatialRank == 2)
        {
            DepthwiseConvolution.Run(this, input, kernel, biasData, result, g);
            return output;
        }
        int inPerGroup = g.InChannels / g.Groups, outPerGroup = g.OutChannels / g.Groups;
        int reduction = inPerGroup * ShapeMath.Product(g.KernelSize, 0, g.SpatialRank);
        int positions = ShapeMath.Product(g.OutputSize, 0, g.SpatialRank);
        int inputPlane = ShapeMath.Product(g.InputSize, 0, g.SpatialRank);
        bool pointwise = g.KernelSize.All(k => k == 1) && g.Stride.All(s => s == 1) && g.Padding.All(p => p == 0);
        for (int n = 0; n < g.Batch; n++)
            for (int group = 0; group < g.Groups; group++)
            {
                float* image = input + ((long)n * g.InChannels + group * inPerGroup) * inputPlane;
                float* target = result + ((long)n * g.OutChannels + group * outPerGroup) * positions;
                float* groupBias = biasData == null ? null : biasData + group * outPerGroup;
                if (groupBias != null)
                    for (int o = 0; o < outPerGroup; o++)
                        new Span<float>(target + (long)o * positions, positions).Fill(groupBias[o]);
                var weights = new StridedMatrix(kernel + (long)group * outPerGroup * reduction, outPerGroup, reduction, reduction, 1);
                if (pointwise)
                    GemmDriver.Run(this, outPerGroup, positions, reduction, weights, new StridedMatrix(image, reduction, positions, positions, 1), target, positions, null, groupBias != null);
                else
                    GemmDriver.Run(this, outPerGroup, positions, reduction, weights, new Im2ColPacker(image, g), target, positions, null, groupBias != null);
            }
        return output;
    }
}

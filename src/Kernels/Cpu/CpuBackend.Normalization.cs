using KDTalker.Kernels.Cpu.Normalization;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu;

// Normalisation layers.
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public unsafe Tensor LayerNorm(Tensor x, Tensor? weight, Tensor? bias, float eps, AxisSplit split)
    {
        var y = Empty(x.Shape);
        LayerNormKernel.Run(this, Pointer(x), Pointer(y), PointerOrNull(weight), PointerOrNull(bias), eps, split);
        return y;
    }

    /// <inheritdoc />
    public unsafe Tensor BatchNorm(Tensor x, Tensor mean, Tensor variance, Tensor? weight, Tensor? bias, float eps)
    {
        var y = Empty(x.Shape);
        int plane = ShapeMath.Product(x.Shape, 2, x.Rank);
        ChannelKernels.BatchNorm(this, Pointer(x), Pointer(y), x.Shape[0], x.Shape[1], plane, Pointer(mean), Pointer(variance), PointerOrNull(weight),
            PointerOrNull(bias), eps);
        return y;
    }

    /// <inheritdoc />
    public unsafe Tensor GlobalResponseNorm(Tensor x, Tensor gamma, Tensor beta, float eps)
    {
        var y = Empty(x.Shape);
        ChannelKernels.GlobalResponseNorm(this, Pointer(x), Pointer(y), x.Shape[0], x.Shape[1] * x.Shape[2], x.Shape[3], Pointer(gamma), Pointer(beta), eps);
        return y;
    }
}

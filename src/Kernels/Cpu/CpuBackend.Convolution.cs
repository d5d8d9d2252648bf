using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public Tensor Convolution(Tensor x, Tensor weight, Tensor? bias, ConvGeometry geometry) => throw new NotImplementedException();
}

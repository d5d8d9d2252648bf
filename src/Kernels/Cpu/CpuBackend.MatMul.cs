using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public Tensor MatMul(Tensor a, Tensor b, Tensor? bias) => throw new NotImplementedException();
}

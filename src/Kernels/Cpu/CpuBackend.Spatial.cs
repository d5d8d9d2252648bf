using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public Tensor AvgPool(Tensor x, ReadOnlySpan<int> kernel) => throw new NotImplementedException();

    /// <inheritdoc />
    public Tensor UpsampleNearest(Tensor x, ReadOnlySpan<int> outputSize) => throw new NotImplementedException();

    /// <inheritdoc />
    public Tensor GridSample(Tensor x, Tensor grid) => throw new NotImplementedException();
}

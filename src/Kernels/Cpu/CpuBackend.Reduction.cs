using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public Tensor Reduce(Tensor x, ReduceOp op, AxisSplit split, ReadOnlySpan<int> outputShape) => throw new NotImplementedException();

    /// <inheritdoc />
    public Tensor Softmax(Tensor x, AxisSplit split) => throw new NotImplementedException();
}

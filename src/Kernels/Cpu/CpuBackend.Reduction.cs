using KDTalker.Kernels.Cpu.Reduction;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu;

// Reductions and softmax.
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public unsafe Tensor Reduce(Tensor x, ReduceOp op, AxisSplit split, ReadOnlySpan<int> outputShape)
    {
        var y = Empty(outputShape);
        ReduceKernel.Run(this, Pointer(x), Pointer(y), op, split);
        return y;
    }

    /// <inheritdoc />
    public unsafe Tensor Softmax(Tensor x, AxisSplit split)
    {
        var y = Empty(x.Shape);
        SoftmaxKernel.Run(this, Pointer(x), Pointer(y), split);
        return y;
    }
}

using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public Tensor Unary(Tensor x, UnaryOp op, float alpha) => throw new NotImplementedException();

    /// <inheritdoc />
    public Tensor Affine(Tensor x, float scale, float shift) => throw new NotImplementedException();

    /// <inheritdoc />
    public Tensor Binary(Tensor a, Tensor b, BinaryOp op) => throw new NotImplementedException();
}

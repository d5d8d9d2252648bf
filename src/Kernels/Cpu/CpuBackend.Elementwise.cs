using KDTalker.Kernels.Cpu.Elementwise;
using KDTalker.Tensors;
using AddFunction = KDTalker.Kernels.Cpu.Elementwise.Add;

namespace KDTalker.Kernels.Cpu;

// Element-wise ops.
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public unsafe Tensor Unary(Tensor x, UnaryOp op, float alpha)
    {
        var y = Empty(x.Shape);
        float* source = Pointer(x), target = Pointer(y);
        int n = x.Length;
        switch (op)
        {
            case UnaryOp.Relu: UnaryKernel.Run<Relu>(this, source, target, n, alpha); break;
            case UnaryOp.LeakyRelu: UnaryKernel.Run<LeakyRelu>(this, source, target, n, alpha); break;
            case UnaryOp.Gelu: UnaryKernel.Run<Gelu>(this, source, target, n, alpha); break;
            case UnaryOp.Silu: UnaryKernel.Run<Silu>(this, source, target, n, alpha); break;
            case UnaryOp.Sigmoid: UnaryKernel.Run<Sigmoid>(this, source, target, n, alpha); break;
            case UnaryOp.Tanh: UnaryKernel.Run<Tanh>(this, source, target, n, alpha); break;
            case UnaryOp.Exp: UnaryKernel.Run<Exp>(this, source, target, n, alpha); break;
            case UnaryOp.Sqrt: UnaryKernel.Run<Sqrt>(this, source, target, n, alpha); break;
            case UnaryOp.Abs: UnaryKernel.Run<Abs>(this, source, target, n, alpha); break;
            case UnaryOp.Square: UnaryKernel.Run<Square>(this, source, target, n, alpha); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown unary op.");
        }
        return y;
    }

    /// <inheritdoc />
    public unsafe Tensor Affine(Tensor x, float scale, float shift)
    {
        var y = Empty(x.Shape);
        UnaryKernel.Affine(this, Pointer(x), Pointer(y), x.Length, scale, shift);
        return y;
    }

    /// <inheritdoc />
    public unsafe Tensor Binary(Tensor a, Tensor b, BinaryOp op)
    {
        var c = Empty(a.Shape);
        var loop = new StridedLoop(a.Shape, a.Strides.ToArray(), b.Strides.ToArray(), c.Strides.ToArray());
        float* left = Pointer(a), right = Pointer(b), result = Pointer(c);
        switch (op)
        {
            case BinaryOp.Add: BinaryKernel.Run<AddFunction>(this, loop, left, right, result); break;
            case BinaryOp.Subtract: BinaryKernel.Run<Subtract>(this, loop, left, right, result); break;
            case BinaryOp.Multiply: BinaryKernel.Run<Multiply>(this, loop, left, right, result); break;
            case BinaryOp.Divide: BinaryKernel.Run<Divide>(this, loop, left, right, result); break;
            case BinaryOp.Maximum: BinaryKernel.Run<Maximum>(this, loop, left, right, result); break;
            case BinaryOp.Minimum: BinaryKernel.Run<Minimum>(this, loop, left, right, result); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown binary op.");
        }
        return c;
    }
}

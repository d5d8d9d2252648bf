using KDTalker.Kernels.Cpu.Attention;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public unsafe Tensor Attention(Tensor q, Tensor k, Tensor v, float scale, Tensor? bias, Tensor? rotaryCos, Tensor? rotarySin)
    {
        int batch = q.Shape[0], heads = q.Shape[1], queries = q.Shape[2], depth = q.Shape[3];
        int pairs = rotaryCos?.Shape[1] ?? 0;
        var result = Empty([batch, queries, heads, depth]);
        CpuAttentionKernel.Run(this, new CpuAttentionKernel.Shape(batch, heads, queries, k.Shape[2], depth, pairs),
            Operand(q), Operand(k), Operand(v), scale, PointerOrNull(bias), PointerOrNull(rotaryCos), PointerOrNull(rotarySin), pairs, Pointer(result));
        return result;
    }

    private unsafe CpuAttentionKernel.Operand Operand(Tensor x) => new(Pointer(x), x.Strides[0], x.Strides[1], x.Strides[2]);
}

using KDTalker.Kernels.Cpu.Gemm;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu;

// Batched matrix products on the packed GEMM.
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public unsafe Tensor MatMul(Tensor a, Tensor b, Tensor? bias)
    {
        int rank = a.Rank;
        int m = a.Shape[^2], k = a.Shape[^1], n = b.Shape[^1];
        var batchShape = a.Shape[..^2].ToArray();
        var output = Empty([.. batchShape, m, n]);
        int batches = ShapeMath.ElementCount(batchShape);
        float* left = Pointer(a), right = Pointer(b), result = Pointer(output), biasData = PointerOrNull(bias);
        var aStrides = a.Strides.ToArray();
        var bStrides = b.Strides.ToArray();
        for (int batch = 0; batch < batches; batch++)
        {
            long aOffset = 0, bOffset = 0;
            for (int axis = rank - 3, index = batch; axis >= 0; axis--)
            {
                int i = index % batchShape[axis];
                index /= batchShape[axis];
                aOffset += (long)i * aStrides[axis];
                bOffset += (long)i * bStrides[axis];
            }
            var lhs = new StridedMatrix(left + aOffset, m, k, aStrides[rank - 2], aStrides[rank - 1]);
            var rhs = new StridedMatrix(right + bOffset, k, n, bStrides[rank - 2], bStrides[rank - 1]);
            GemmDriver.Run(this, m, n, k, lhs, rhs, result + (long)batch * m * n, n, biasData);
        }
        return output;
    }
}

using KDTalker.Kernels.Cpu.Gemm;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public unsafe Tensor MatMul(Tensor a, Tensor b, Tensor? bias)
    {
        int m = a.Shape[^2], k = a.Shape[^1], n = b.Shape[^1];
        var batchShape = a.Shape[..^2];
        var result = Empty([.. batchShape, m, n]);
        int items = ShapeMath.ElementCount(batchShape);
        CountMultiplyAccumulates((long)items * m * n * k);
        using var biasVector = bias?.Contiguous();
        float* left = Pointer(a), right = Pointer(b), output = Pointer(result), biasValues = PointerOrNull(biasVector);
        long aRowStride = a.Strides[^2], aColumnStride = a.Strides[^1];
        long bRowStride = b.Strides[^2], bColumnStride = b.Strides[^1];
        var aOffsets = BatchOffsets(batchShape, a.Strides[..^2]);
        var bOffsets = BatchOffsets(batchShape, b.Strides[..^2]);
        bool byItem = Sgemm.SplitByItem(this, items, (long)m * n * k);

        void Item(int item) => Sgemm.Run(this, !byItem,
            new StridedMatrix(left + aOffsets[item], aRowStride, aColumnStride),
            new StridedMatrix(right + bOffsets[item], bRowStride, bColumnStride),
            m, n, k, new GemmOutput(output + (long)item * m * n, n, null, biasValues));

        if (byItem)
            For(items, Item);
        else
            for (int item = 0; item < items; item++)
                Item(item);
        return result;
    }

    /// <summary>Element offset of each batch item (row-major over <paramref name="shape"/>) for the given strides.</summary>
    private static long[] BatchOffsets(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides)
    {
        var offsets = new long[ShapeMath.ElementCount(shape)];
        for (int item = 0; item < offsets.Length; item++)
        {
            long offset = 0;
            for (int axis = shape.Length - 1, rest = item; axis >= 0; axis--)
            {
                offset += (long)(rest % shape[axis]) * strides[axis];
                rest /= shape[axis];
            }
            offsets[item] = offset;
        }
        return offsets;
    }
}

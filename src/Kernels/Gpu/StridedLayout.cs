using KDTalker.Tensors;

namespace KDTalker.Kernels.Gpu;

/// <summary>
/// A tensor's layout as a kernel parameter: up to six sizes and element strides (leading axes padded with size 1)
/// and the storage offset; <see cref="At"/> maps a row-major linear index to the element's storage index.
/// </summary>
internal struct StridedLayout
{
    public const int MaxRank = 6;

    public int Offset;
    public int Size0, Size1, Size2, Size3, Size4, Size5;
    public int Stride0, Stride1, Stride2, Stride3, Stride4, Stride5;

    public readonly int At(int linear)
    {
        int i5 = linear % Size5;
        linear /= Size5;
        int i4 = linear % Size4;
        linear /= Size4;
        int i3 = linear % Size3;
        linear /= Size3;
        int i2 = linear % Size2;
        linear /= Size2;
        int i1 = linear % Size1;
        int i0 = linear / Size1;
        return Offset + i0 * Stride0 + i1 * Stride1 + i2 * Stride2 + i3 * Stride3 + i4 * Stride4 + i5 * Stride5;
    }

    /// <summary>The layout of <paramref name="tensor"/>.</summary>
    public static StridedLayout Of(Tensor tensor) => Of(tensor.Shape, tensor.Strides, tensor.Offset);

    /// <summary>The layout of a view with these sizes and strides.</summary>
    public static StridedLayout Of(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, int offset)
    {
        if (shape.Length > MaxRank)
            throw new ArgumentException($"The GPU backend addresses tensors of up to {MaxRank} dimensions; got shape {ShapeMath.Format(shape)}.");
        Span<int> sizes = stackalloc int[MaxRank];
        Span<int> steps = stackalloc int[MaxRank];
        sizes.Fill(1);
        steps.Clear();
        int pad = MaxRank - shape.Length;
        for (int i = 0; i < shape.Length; i++)
        {
            sizes[pad + i] = Math.Max(shape[i], 1);
            steps[pad + i] = strides[i];
        }
        return new StridedLayout
        {
            Offset = offset,
            Size0 = sizes[0], Size1 = sizes[1], Size2 = sizes[2], Size3 = sizes[3], Size4 = sizes[4], Size5 = sizes[5],
            Stride0 = steps[0], Stride1 = steps[1], Stride2 = steps[2], Stride3 = steps[3], Stride4 = steps[4], Stride5 = steps[5],
        };
    }
}

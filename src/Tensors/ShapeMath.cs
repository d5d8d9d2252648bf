namespace KDTalker.Tensors;

/// <summary>Pure shape arithmetic shared by tensors, ops and backends.</summary>
public static class ShapeMath
{
    /// <summary>Number of elements of a shape; throws when it does not fit a 32-bit index.</summary>
    public static int ElementCount(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (int dim in shape)
        {
            if (dim < 0)
                throw new ArgumentException($"Shape {Format(shape)} has a negative dimension.");
            count *= dim;
            if (count > int.MaxValue)
                throw new ArgumentException($"Shape {Format(shape)} has more than {int.MaxValue} elements.");
        }
        return (int)count;
    }

    /// <summary>Row-major (C-contiguous) strides of a shape, in elements.</summary>
    public static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int stride = 1;
        for (int axis = shape.Length - 1; axis >= 0; axis--)
        {
            strides[axis] = stride;
            stride *= Math.Max(shape[axis], 1);
        }
        return strides;
    }

    /// <summary>Maps a possibly negative axis (-1 = last) to 0..rank-1.</summary>
    public static int NormalizeAxis(int axis, int rank)
    {
        int normalized = axis < 0 ? axis + rank : axis;
        if ((uint)normalized >= (uint)rank)
            throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of range for a rank-{rank} tensor.");
        return normalized;
    }

    /// <summary>NumPy broadcasting: aligns trailing dimensions; size-1 dimensions stretch.</summary>
    public static int[] BroadcastShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"Shapes {Format(a)} and {Format(b)} cannot be broadcast together (axis {i}: {da} vs {db}).");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Product of dims[start..end).</summary>
    public static int Product(ReadOnlySpan<int> dims, int start, int end)
    {
        int product = 1;
        for (int i = start; i < end; i++)
            product *= dims[i];
        return product;
    }

    /// <summary>Formats a shape as (2, 3, 4).</summary>
    public static string Format(ReadOnlySpan<int> shape) => "(" + string.Join(", ", shape.ToArray()) + ")";
}

/// <summary>
/// A contiguous tensor seen as (Outer, Length, Inner): the op works along the middle axis,
/// whose consecutive elements are <see cref="Inner"/> apart.
/// </summary>
public readonly record struct AxisSplit(int Outer, int Length, int Inner)
{
    /// <summary>Splits a shape around the axes [first, last].</summary>
    public static AxisSplit Around(ReadOnlySpan<int> shape, int first, int last) =>
        new(ShapeMath.Product(shape, 0, first), ShapeMath.Product(shape, first, last + 1), ShapeMath.Product(shape, last + 1, shape.Length));
}

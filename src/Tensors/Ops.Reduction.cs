namespace KDTalker.Tensors;

public static partial class Ops
{
    /// <summary>Sum over the given axes (all axes when none are given).</summary>
    public static Tensor Sum(Tensor x, ReadOnlySpan<int> axes, bool keepDims = false) => Reduce(x, ReduceOp.Sum, axes, keepDims);

    /// <summary>Mean over the given axes (all axes when none are given).</summary>
    public static Tensor Mean(Tensor x, ReadOnlySpan<int> axes, bool keepDims = false) => Reduce(x, ReduceOp.Mean, axes, keepDims);

    /// <summary>Biased variance over the given axes (all axes when none are given).</summary>
    public static Tensor Variance(Tensor x, ReadOnlySpan<int> axes, bool keepDims = false) => Reduce(x, ReduceOp.Variance, axes, keepDims);

    /// <summary>Maximum over the given axes (all axes when none are given).</summary>
    public static Tensor Max(Tensor x, ReadOnlySpan<int> axes, bool keepDims = false) => Reduce(x, ReduceOp.Max, axes, keepDims);

    /// <summary>
    /// Reduces over a set of axes. Adjacent axes reduce in place; otherwise the reduced axes are
    /// first permuted to the end.
    /// </summary>
    public static Tensor Reduce(Tensor x, ReduceOp op, ReadOnlySpan<int> axes, bool keepDims = false)
    {
        var reduced = new bool[x.Rank];
        if (axes.IsEmpty)
            Array.Fill(reduced, true);
        foreach (int axis in axes)
        {
            int normalized = ShapeMath.NormalizeAxis(axis, x.Rank);
            if (reduced[normalized])
                throw new ArgumentException($"Reduce axes {ShapeMath.Format(axes)} repeat axis {normalized}.");
            reduced[normalized] = true;
        }
        int first = Array.IndexOf(reduced, true), last = Array.LastIndexOf(reduced, true);
        if (first < 0)
            return Clone(x);
        if ((op == ReduceOp.Max || op == ReduceOp.Mean || op == ReduceOp.Variance) && ReducedCount(x, reduced) == 0)
            throw new ArgumentException($"{op} over an empty axis of {x} is undefined.");

        var keptShape = new List<int>();
        var outputShape = new List<int>();
        for (int i = 0; i < x.Rank; i++)
        {
            if (!reduced[i])
                keptShape.Add(x.Shape[i]);
            if (!reduced[i] || keepDims)
                outputShape.Add(reduced[i] ? 1 : x.Shape[i]);
        }

        bool adjacent = true;
        for (int i = first; i <= last; i++)
            adjacent &= reduced[i];
        if (adjacent)
        {
            using var contiguous = x.Contiguous();
            return x.Backend.Reduce(contiguous, op, AxisSplit.Around(x.Shape, first, last), outputShape.ToArray());
        }

        var order = Enumerable.Range(0, x.Rank).Where(i => !reduced[i]).Concat(Enumerable.Range(0, x.Rank).Where(i => reduced[i])).ToArray();
        using var permuted = x.Permute(order);
        using var packed = permuted.Contiguous();
        int kept = keptShape.Count;
        return x.Backend.Reduce(packed, op, AxisSplit.Around(permuted.Shape, kept, x.Rank - 1), outputShape.ToArray());
    }

    /// <summary>Softmax along one axis (stable: the row max is subtracted first).</summary>
    public static Tensor Softmax(Tensor x, int axis)
    {
        axis = ShapeMath.NormalizeAxis(axis, x.Rank);
        using var contiguous = x.Contiguous();
        return x.Backend.Softmax(contiguous, AxisSplit.Around(x.Shape, axis, axis));
    }

    private static long ReducedCount(Tensor x, bool[] reduced)
    {
        long count = 1;
        for (int i = 0; i < x.Rank; i++)
            if (reduced[i])
                count *= x.Shape[i];
        return count;
    }
}

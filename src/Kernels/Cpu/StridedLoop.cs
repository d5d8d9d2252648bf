namespace KDTalker.Kernels.Cpu;

/// <summary>
/// Walks tensors of one shape but different strides as rows: dimensions that are laid out alike in
/// every operand are merged, the last merged dimension is the row, and <see cref="RowOffsets"/>
/// gives each operand's starting offset of a row. Used by copies and broadcast element-wise ops.
/// </summary>
internal sealed class StridedLoop
{
    private readonly int[] _outerShape;
    private readonly int[][] _outerStrides;

    public StridedLoop(ReadOnlySpan<int> shape, params int[][] strides)
    {
        var dims = new List<int>();
        var perOperand = strides.Select(_ => new List<int>()).ToArray();
        for (int axis = 0; axis < shape.Length; axis++)
        {
            if (shape[axis] == 1)
                continue;
            int last = dims.Count - 1;
            bool mergeable = last >= 0;
            for (int op = 0; op < strides.Length && mergeable; op++)
                mergeable = perOperand[op][last] == strides[op][axis] * shape[axis];
            if (mergeable)
            {
                dims[last] *= shape[axis];
                for (int op = 0; op < strides.Length; op++)
                    perOperand[op][last] = strides[op][axis];
            }
            else
            {
                dims.Add(shape[axis]);
                for (int op = 0; op < strides.Length; op++)
                    perOperand[op].Add(strides[op][axis]);
            }
        }
        if (dims.Count == 0)
        {
            dims.Add(shape.Length == 0 || ShapeHasElements(shape) ? 1 : 0);
            foreach (var list in perOperand)
                list.Add(1);
        }
        RowLength = dims[^1];
        RowStrides = perOperand.Select(list => list[^1]).ToArray();
        _outerShape = dims.Take(dims.Count - 1).ToArray();
        _outerStrides = perOperand.Select(list => list.Take(list.Count - 1).ToArray()).ToArray();
        Rows = RowLength == 0 ? 0 : _outerShape.Aggregate(1, (a, b) => a * b);
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Elements per row.</summary>
    public int RowLength { get; }

    /// <summary>Each operand's stride along a row.</summary>
    public int[] RowStrides { get; }

    /// <summary>Writes each operand's offset of the first element of row <paramref name="row"/>.</summary>
    public void RowOffsets(int row, Span<int> offsets)
    {
        offsets.Clear();
        for (int axis = _outerShape.Length - 1; axis >= 0; axis--)
        {
            int index = row % _outerShape[axis];
            row /= _outerShape[axis];
            for (int op = 0; op < offsets.Length; op++)
                offsets[op] += index * _outerStrides[op][axis];
        }
    }

    private static bool ShapeHasElements(ReadOnlySpan<int> shape)
    {
        foreach (int dim in shape)
            if (dim == 0)
                return false;
        return true;
    }
}

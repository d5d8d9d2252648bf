namespace KDTalker.Tensors;

// Views: new tensors over the same storage. Each one holds its own reference and must be disposed.
public sealed partial class Tensor
{
    private Tensor ViewOf(int offset, int[] shape, int[] strides)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        Storage.Retain();
        return new Tensor(Backend, Storage, offset, shape, strides);
    }

    /// <summary>A view of the same elements with a new shape (one entry may be -1). Requires a contiguous tensor.</summary>
    public Tensor View(params ReadOnlySpan<int> shape)
    {
        var resolved = ResolveShape(shape);
        if (!IsContiguous)
            throw new InvalidOperationException($"View{ShapeMath.Format(resolved)} of a non-contiguous {this}: use Reshape, which copies.");
        return ViewOf(Offset, resolved, ShapeMath.ContiguousStrides(resolved));
    }

    /// <summary>Like <see cref="View"/>, but copies a non-contiguous tensor first.</summary>
    public Tensor Reshape(params ReadOnlySpan<int> shape)
    {
        if (IsContiguous)
            return View(shape);
        using var contiguous = Contiguous();
        return contiguous.View(shape);
    }

    /// <summary>This tensor if already contiguous (as a new view), else a contiguous copy.</summary>
    public Tensor Contiguous()
    {
        if (IsContiguous)
            return ViewOf(Offset, _shape, _strides);
        var copy = Backend.Empty(_shape);
        Backend.Copy(this, copy);
        return copy;
    }

    /// <summary>Reorders the dimensions: result axis i is this tensor's axis <paramref name="axes"/>[i].</summary>
    public Tensor Permute(params ReadOnlySpan<int> axes)
    {
        if (axes.Length != Rank)
            throw new ArgumentException($"Permute needs {Rank} axes for {this}, got {axes.Length}.");
        var shape = new int[Rank];
        var strides = new int[Rank];
        var seen = new bool[Rank];
        for (int i = 0; i < Rank; i++)
        {
            int axis = ShapeMath.NormalizeAxis(axes[i], Rank);
            if (seen[axis])
                throw new ArgumentException($"Permute axes {ShapeMath.Format(axes)} repeat axis {axis}.");
            seen[axis] = true;
            shape[i] = _shape[axis];
            strides[i] = _strides[axis];
        }
        return ViewOf(Offset, shape, strides);
    }

    /// <summary>Swaps two dimensions.</summary>
    public Tensor Transpose(int axis0, int axis1)
    {
        var axes = Enumerable.Range(0, Rank).ToArray();
        axis0 = ShapeMath.NormalizeAxis(axis0, Rank);
        axis1 = ShapeMath.NormalizeAxis(axis1, Rank);
        (axes[axis0], axes[axis1]) = (axes[axis1], axes[axis0]);
        return Permute(axes);
    }

    /// <summary>Elements <paramref name="start"/>..start+length-1 along one axis.</summary>
    public Tensor Narrow(int axis, int start, int length)
    {
        axis = ShapeMath.NormalizeAxis(axis, Rank);
        if (start < 0 || length < 0 || start + length > _shape[axis])
            throw new ArgumentOutOfRangeException(nameof(start), $"Narrow({axis}, {start}, {length}) is outside {this}.");
        var shape = ShapeArray();
        shape[axis] = length;
        return ViewOf(Offset + start * _strides[axis], shape, (int[])_strides.Clone());
    }

    /// <summary>The slice at <paramref name="index"/> along one axis, which is removed.</summary>
    public Tensor Select(int axis, int index)
    {
        axis = ShapeMath.NormalizeAxis(axis, Rank);
        if ((uint)index >= (uint)_shape[axis])
            throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is outside axis {axis} of {this}.");
        return ViewOf(Offset + index * _strides[axis], Remove(_shape, axis), Remove(_strides, axis));
    }

    /// <summary>Splits along an axis into consecutive views of the given sizes.</summary>
    public Tensor[] Split(int axis, params ReadOnlySpan<int> sizes)
    {
        axis = ShapeMath.NormalizeAxis(axis, Rank);
        int total = 0;
        foreach (int size in sizes)
            total += size;
        if (total != _shape[axis])
            throw new ArgumentException($"Split sizes {ShapeMath.Format(sizes)} do not add up to axis {axis} of {this}.");
        var parts = new Tensor[sizes.Length];
        int start = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            parts[i] = Narrow(axis, start, sizes[i]);
            start += sizes[i];
        }
        return parts;
    }

    /// <summary>Inserts a size-1 dimension at <paramref name="axis"/> (0..Rank).</summary>
    public Tensor Unsqueeze(int axis)
    {
        axis = ShapeMath.NormalizeAxis(axis, Rank + 1);
        int stride = axis < Rank ? _strides[axis] * _shape[axis] : 1;
        return ViewOf(Offset, Insert(_shape, axis, 1), Insert(_strides, axis, stride));
    }

    /// <summary>Removes a size-1 dimension.</summary>
    public Tensor Squeeze(int axis)
    {
        axis = ShapeMath.NormalizeAxis(axis, Rank);
        if (_shape[axis] != 1)
            throw new ArgumentException($"Cannot squeeze axis {axis} of {this}: its size is {_shape[axis]}, not 1.");
        return ViewOf(Offset, Remove(_shape, axis), Remove(_strides, axis));
    }

    /// <summary>Broadcasts to <paramref name="shape"/>: size-1 and new leading dimensions get stride 0.</summary>
    public Tensor Expand(params ReadOnlySpan<int> shape)
    {
        if (shape.Length < Rank)
            throw new ArgumentException($"Cannot expand {this} to the lower-rank shape {ShapeMath.Format(shape)}.");
        var strides = new int[shape.Length];
        int lead = shape.Length - Rank;
        for (int i = 0; i < shape.Length; i++)
        {
            if (i < lead)
                continue;
            int own = _shape[i - lead];
            if (own == shape[i])
                strides[i] = _strides[i - lead];
            else if (own != 1)
                throw new ArgumentException($"Cannot expand {this} to {ShapeMath.Format(shape)}: axis {i - lead} has size {own}.");
        }
        return ViewOf(Offset, shape.ToArray(), strides);
    }

    private int[] ResolveShape(ReadOnlySpan<int> shape)
    {
        var resolved = shape.ToArray();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < resolved.Length; i++)
        {
            if (resolved[i] == -1)
            {
                if (inferred >= 0)
                    throw new ArgumentException($"Shape {ShapeMath.Format(shape)} has more than one -1.");
                inferred = i;
            }
            else
            {
                if (resolved[i] < 0)
                    throw new ArgumentException($"Shape {ShapeMath.Format(shape)} has a negative dimension.");
                known *= resolved[i];
            }
        }
        if (inferred >= 0)
        {
            if (known == 0 || Length % known != 0)
                throw new ArgumentException($"Cannot infer the -1 in {ShapeMath.Format(shape)} for {this}.");
            resolved[inferred] = (int)(Length / known);
        }
        else if (known != Length)
        {
            throw new ArgumentException($"Shape {ShapeMath.Format(shape)} has {known} elements; {this} has {Length}.");
        }
        return resolved;
    }

    private static int[] Remove(int[] values, int index) => [.. values[..index], .. values[(index + 1)..]];

    private static int[] Insert(int[] values, int index, int value) => [.. values[..index], value, .. values[index..]];
}

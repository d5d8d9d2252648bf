namespace KDTalker.Tensors;

public static partial class Ops
{
    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(IBackend backend, params ReadOnlySpan<int> shape) => Full(backend, 0f, shape);

    /// <summary>A tensor with every element equal to <paramref name="value"/>.</summary>
    public static Tensor Full(IBackend backend, float value, params ReadOnlySpan<int> shape)
    {
        var result = backend.Empty(shape);
        backend.Fill(result, value);
        return result;
    }

    /// <summary>Uploads row-major host data.</summary>
    public static Tensor FromSpan(IBackend backend, ReadOnlySpan<float> data, params ReadOnlySpan<int> shape)
    {
        int length = ShapeMath.ElementCount(shape);
        if (data.Length != length)
            throw new ArgumentException($"{data.Length} values cannot fill shape {ShapeMath.Format(shape)} ({length} elements).");
        return backend.Upload(data, shape);
    }

    /// <summary>A contiguous copy that owns its storage.</summary>
    public static Tensor Clone(Tensor x)
    {
        var copy = x.Backend.Empty(x.Shape);
        x.Backend.Copy(x, copy);
        return copy;
    }

    /// <summary>Joins tensors along an axis; all other dimensions must match.</summary>
    public static Tensor Concat(ReadOnlySpan<Tensor> parts, int axis)
    {
        if (parts.Length == 0)
            throw new ArgumentException("Concat needs at least one tensor.");
        var first = parts[0];
        axis = ShapeMath.NormalizeAxis(axis, first.Rank);
        var shape = first.ShapeArray();
        shape[axis] = 0;
        foreach (var part in parts)
        {
            SameBackend(first, part, "A concat part");
            if (part.Rank != first.Rank)
                throw new ArgumentException($"Concat: {part} and {first} differ in rank.");
            for (int i = 0; i < first.Rank; i++)
                if (i != axis && part.Shape[i] != first.Shape[i])
                    throw new ArgumentException($"Concat along axis {axis}: {part} and {first} differ in axis {i}.");
            shape[axis] += part.Shape[axis];
        }
        var result = first.Backend.Empty(shape);
        int offset = 0;
        foreach (var part in parts)
        {
            using var slot = result.Narrow(axis, offset, part.Shape[axis]);
            first.Backend.Copy(part, slot);
            offset += part.Shape[axis];
        }
        return result;
    }

    /// <summary>
    /// Pixel shuffle (depth-to-space): (N, C·r², H, W) → (N, C, H·r, W·r) with
    /// out[c, r·h + i, r·w + j] = in[c·r² + r·i + j, h, w].
    /// </summary>
    public static Tensor PixelShuffle(Tensor x, int factor)
    {
        RequireRank(x, 4, "PixelShuffle", "(N, C·r², H, W)");
        int n = x.Shape[0], channels = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        if (factor < 1 || channels % (factor * factor) != 0)
            throw new ArgumentException($"PixelShuffle({factor}): {channels} channels are not a multiple of {factor * factor}.");
        int c = channels / (factor * factor);
        using var contiguous = x.Contiguous();
        using var split = contiguous.View(n, c, factor, factor, h, w);
        using var interleaved = split.Permute(0, 1, 4, 2, 5, 3);
        using var result = Clone(interleaved);
        return result.View(n, c, h * factor, w * factor);
    }
}

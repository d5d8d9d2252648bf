using KDTalker.Model.Layers;
using KDTalker.Tensors;

namespace KDTalker.Model.SelfTest;

/// <summary>A probe that copies every intermediate it is given (values and shape) for later comparison.</summary>
internal sealed class TensorCapture : ITensorProbe
{
    private readonly Dictionary<string, (float[] Values, int[] Shape)> _captured = new(StringComparer.Ordinal);

    public void Capture(string name, Tensor value) => _captured[name] = (value.ToArray(), value.ShapeArray());

    public (float[] Values, int[] Shape) this[string name] =>
        _captured.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"The forward pass produced no '{name}'.");

    /// <summary>x[:, :, index] of a captured (N, C, D, ...) volume.</summary>
    public float[] DepthSlice(string name, int index)
    {
        var (values, shape) = this[name];
        int outer = shape[0] * shape[1], depth = shape[2], plane = values.Length / (outer * depth);
        var slice = new float[outer * plane];
        for (int o = 0; o < outer; o++)
            Array.Copy(values, ((long)o * depth + index) * plane, slice, (long)o * plane, plane);
        return slice;
    }
}

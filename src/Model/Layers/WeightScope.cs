using KDTalker.Tensors;

namespace KDTalker.Model.Layers;

/// <summary>
/// A position in a checkpoint's name tree, as candle's VarBuilder: <c>scope["dense_motion_network"]["hourglass"]</c>
/// reads keys under "dense_motion_network.hourglass.". Loading checks each tensor's shape against the
/// one the network's config implies, so a wrong checkpoint fails with the key and both shapes.
/// </summary>
public sealed class WeightScope(IWeightSource source, IBackend backend, string prefix = "")
{
    /// <summary>The backend tensors are loaded onto.</summary>
    public IBackend Backend => backend;

    /// <summary>The child scope <paramref name="name"/> (a module name or list index).</summary>
    public WeightScope this[string name] => new(source, backend, prefix + name + ".");

    /// <summary>The child scope of a list element, e.g. <c>scope["down_blocks"][1]</c>.</summary>
    public WeightScope this[int index] => this[index.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    /// <summary>True when the tensor exists under this scope.</summary>
    public bool Contains(string name) => source.Contains(prefix + name);

    /// <summary>Loads a tensor and checks its shape.</summary>
    public Tensor Get(string name, params int[] expectedShape)
    {
        string key = prefix + name;
        if (!source.Contains(key))
            throw new InvalidDataException($"{source.Description} has no weight '{key}'. Is it the right checkpoint for this network?");
        var shape = source.Shape(key);
        if (!shape.SequenceEqual(expectedShape))
            throw new InvalidDataException(
                $"Weight '{key}' in {source.Description} has shape {ShapeMath.Format(shape)}; the network's configuration " +
                $"expects {ShapeMath.Format(expectedShape)}.");
        return source.Load(key, backend);
    }
}

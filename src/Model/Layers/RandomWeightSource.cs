using KDTalker.Tensors;
using KDTalker.WeightsConverter.Catalog;

namespace KDTalker.Model.Layers;

/// <summary>
/// Weights with the released shapes (from the catalog, as the converter names them) and PyTorch-default-like
/// values: uniform ±1/√fan_in for weights and biases, identity BatchNorm statistics, seeded by the tensor's name.
/// Real-size timing needs no real checkpoint.
/// </summary>
public sealed class RandomWeightSource(string network) : IWeightSource
{
    private readonly Dictionary<string, long[]> _shapes = ReleaseCatalog.Get(network).Tensors
        .Where(t => t.DType == "float32" && !t.Name.EndsWith(".weight_u") && !t.Name.EndsWith(".weight_v"))
        .ToDictionary(t => t.Name.EndsWith(".weight_orig") ? t.Name[..^"_orig".Length] : t.Name, t => t.Shape);

    /// <inheritdoc />
    public string Description => $"random {network} weights";

    /// <inheritdoc />
    public bool Contains(string name) => _shapes.ContainsKey(name);

    /// <inheritdoc />
    public int[] Shape(string name) => _shapes[name].Select(d => (int)d).ToArray();

    /// <inheritdoc />
    public Tensor Load(string name, IBackend backend)
    {
        var shape = Shape(name);
        var values = new float[ShapeMath.ElementCount(shape)];
        if (name.EndsWith("running_var") || (name.EndsWith("norm.weight") && shape.Length == 1))
            Array.Fill(values, 1f);
        else if (!name.EndsWith("running_mean"))
        {
            var random = new Random(name.Length * 7919 + values.Length);
            int fanIn = shape.Length > 1 ? values.Length / shape[0] : shape[0];
            float bound = 1f / MathF.Sqrt(fanIn);
            for (int i = 0; i < values.Length; i++)
                values[i] = (random.NextSingle() * 2 - 1) * bound;
        }
        return Ops.FromSpan(backend, values, shape);
    }
}

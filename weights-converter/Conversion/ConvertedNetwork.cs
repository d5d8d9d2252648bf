using KDTalker.WeightsConverter.Catalog;

namespace KDTalker.WeightsConverter.Conversion;

/// <summary>A tensor ready for the engine: float32 values produced on demand (read, up-converted, resolved).</summary>
public sealed record ConvertedTensor(string Name, long[] Shape, Func<float[]> Values)
{
    /// <summary>Number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>One network's tensors as converted from an upstream checkpoint, with where they came from.</summary>
public sealed record ConvertedNetwork(NetworkSpec Spec, string Source, bool ReleaseShapesChecked, IReadOnlyList<ConvertedTensor> Tensors)
{
    /// <summary>Looks a tensor up by name.</summary>
    public ConvertedTensor? Find(string name) => Tensors.FirstOrDefault(t => t.Name == name);
}

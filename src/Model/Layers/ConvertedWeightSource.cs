using KDTalker.Tensors;
using KDTalker.WeightsConverter.Conversion;

namespace KDTalker.Model.Layers;

/// <summary>Weights converted in memory from an upstream checkpoint (no bundle on disk).</summary>
internal sealed class ConvertedWeightSource(ConvertedNetwork network) : IWeightSource
{
    private readonly Dictionary<string, ConvertedTensor> _tensors = network.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public string Description => network.Source;

    public bool Contains(string name) => _tensors.ContainsKey(name);

    public int[] Shape(string name) => Get(name).Shape.Select(d => checked((int)d)).ToArray();

    public Tensor Load(string name, IBackend backend) => backend.Upload(Get(name).Values(), Shape(name));

    private ConvertedTensor Get(string name) =>
        _tensors.TryGetValue(name, out var tensor) ? tensor : throw new KeyNotFoundException($"{network.Source} has no tensor '{name}'.");
}

using KDTalker.Tensors;

namespace KDTalker.Model.Layers;

/// <summary>One network's slice of a bundle: names are looked up under "&lt;network&gt;.".</summary>
internal sealed class PrefixedWeightSource(IWeightSource inner, string prefix) : IWeightSource
{
    public string Description => $"{inner.Description} [{prefix.TrimEnd('.')}]";

    public bool Contains(string name) => inner.Contains(prefix + name);

    public int[] Shape(string name) => inner.Shape(prefix + name);

    public Tensor Load(string name, IBackend backend) => inner.Load(prefix + name, backend);
}

using KDTalker.Tensors;

namespace KDTalker.Model.Layers;

/// <summary>The tensors a network loaded and releases with it: <see cref="Keep"/> returns its argument, Dispose releases them all.</summary>
internal sealed class OwnedTensors : IDisposable
{
    private readonly List<Tensor> _tensors = [];

    /// <summary>Takes ownership of <paramref name="tensor"/> and returns it.</summary>
    public Tensor Keep(Tensor tensor)
    {
        _tensors.Add(tensor);
        return tensor;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var tensor in _tensors)
            tensor.Dispose();
        _tensors.Clear();
    }
}

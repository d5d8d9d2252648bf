using KDTalker.Tensors;

namespace KDTalker.Model.Layers;

/// <summary>nn.Linear(in, out): y = x·Wᵀ + b. Keys: weight [out, in], bias [out].</summary>
public sealed class Linear : IDisposable
{
    private readonly Tensor _weight;
    private readonly Tensor? _bias;

    /// <summary>Loads the layer from <paramref name="scope"/>.</summary>
    public Linear(WeightScope scope, int inFeatures, int outFeatures, bool bias = true)
    {
        _weight = scope.Get("weight", outFeatures, inFeatures);
        _bias = bias ? scope.Get("bias", outFeatures) : null;
    }

    /// <summary>Applies the layer to (..., in).</summary>
    public Tensor Forward(Tensor x) => Ops.Linear(x, _weight, _bias);

    /// <inheritdoc />
    public void Dispose()
    {
        _weight.Dispose();
        _bias?.Dispose();
    }
}

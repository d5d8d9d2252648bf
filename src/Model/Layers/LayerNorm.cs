using KDTalker.Tensors;

namespace KDTalker.Model.Layers;

/// <summary>
/// A LayerNorm with weight and bias of <c>features</c> values (stored as [C] or [1,1,C]): over the last axis
/// (nn.LayerNorm, KDTalker's LayerNorm) or over the channel axis of NCHW (ConvNeXt's channels_first).
/// </summary>
public sealed class LayerNorm : IDisposable
{
    private readonly Tensor _weight, _bias;
    private readonly float _eps;
    private readonly bool _channelsFirst;

    /// <summary>Loads <c>weight</c>/<c>bias</c> (or the given key names) from <paramref name="scope"/>.</summary>
    public LayerNorm(WeightScope scope, int features, float eps, bool channelsFirst = false, string weightKey = "weight", string biasKey = "bias",
        int[]? storedShape = null)
    {
        var shape = storedShape ?? [features];
        _weight = scope.Get(weightKey, shape);
        _bias = scope.Get(biasKey, shape);
        _eps = eps;
        _channelsFirst = channelsFirst;
    }

    /// <summary>Normalises x.</summary>
    public Tensor Forward(Tensor x) => _channelsFirst
        ? Ops.LayerNormChannelsFirst(x, _weight, _bias, _eps)
        : Ops.LayerNorm(x, _weight, _bias, _eps);

    /// <inheritdoc />
    public void Dispose()
    {
        _weight.Dispose();
        _bias.Dispose();
    }
}

using KDTalker.Tensors;

namespace KDTalker.Model.Layers;

/// <summary>
/// BatchNorm2d/3d in eval mode. Keys: weight, bias, running_mean, running_var [C]
/// (num_batches_tracked is not used at inference).
/// </summary>
public sealed class BatchNorm : IDisposable
{
    private readonly Tensor _weight, _bias, _mean, _variance;
    private readonly float _eps;

    /// <summary>Loads the layer from <paramref name="scope"/>.</summary>
    public BatchNorm(WeightScope scope, int channels, float eps = 1e-5f)
    {
        _weight = scope.Get("weight", channels);
        _bias = scope.Get("bias", channels);
        _mean = scope.Get("running_mean", channels);
        _variance = scope.Get("running_var", channels);
        _eps = eps;
    }

    /// <summary>Normalises axis 1 of (N, C, ...).</summary>
    public Tensor Forward(Tensor x) => Ops.BatchNorm(x, _mean, _variance, _weight, _bias, _eps);

    /// <inheritdoc />
    public void Dispose()
    {
        _weight.Dispose();
        _bias.Dispose();
        _mean.Dispose();
        _variance.Dispose();
    }
}

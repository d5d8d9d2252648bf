using KDTalker.Tensors;

namespace KDTalker.Model.Layers;

/// <summary>
/// nn.Conv2d / nn.Conv3d (the spatial rank is the length of the kernel size), with
/// per-axis stride and padding. Keys: weight [out, in/groups, k...], bias [out].
/// </summary>
public sealed class Convolution : IDisposable
{
    private readonly Tensor _weight;
    private readonly Tensor? _bias;
    private readonly int[] _stride;
    private readonly int[] _padding;
    private readonly int _groups;

    /// <summary>Loads the layer from <paramref name="scope"/>.</summary>
    public Convolution(WeightScope scope, int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding, int groups = 1, bool bias = true)
    {
        _weight = scope.Get("weight", [outChannels, inChannels / groups, .. kernel]);
        _bias = bias ? scope.Get("bias", outChannels) : null;
        _stride = stride;
        _padding = padding;
        _groups = groups;
    }

    /// <summary>Applies the convolution.</summary>
    public Tensor Forward(Tensor x) => Ops.Convolution(x, _weight, _bias, _stride, _padding, _groups);

    /// <inheritdoc />
    public void Dispose()
    {
        _weight.Dispose();
        _bias?.Dispose();
    }
}

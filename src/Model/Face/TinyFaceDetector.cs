using KDTalker.Model.Layers;
using KDTalker.Tensors;

namespace KDTalker.Model.Face;

/// <summary>
/// face-api's TinyFaceDetector network (a shrunken Tiny-YOLOv2): conv0 3×3 VALID 3→16 + leaky(0.1), max-pool;
/// conv1…conv5 separable (pad 1, depthwise 3×3, pointwise 1×1, bias, leaky(0.1)), 16→32→…→512, max-pool 2×2
/// 'SAME' stride 2 after conv1–conv4 and stride 1 after conv5; conv8 1×1 512→25 (5 anchors × [tx, ty, tw, th, obj]).
/// </summary>
public sealed class TinyFaceDetector : IDisposable
{
    private static readonly int[] Channels = [16, 32, 64, 128, 256, 512];
    private readonly OwnedTensors _owned = new();
    private readonly Tensor _conv0, _conv0Bias, _conv8, _conv8Bias;
    private readonly (Tensor Depthwise, Tensor Pointwise, Tensor Bias)[] _separable;

    internal TinyFaceDetector(TfjsLayers layers)
    {
        _conv0 = _owned.Keep(layers.Filters("conv0/filters", 3, 3, 16));
        _conv0Bias = _owned.Keep(layers.Vector("conv0/bias", 16));
        _separable = new (Tensor, Tensor, Tensor)[5];
        for (int i = 1; i <= 5; i++)
            _separable[i - 1] = (_owned.Keep(layers.Depthwise($"conv{i}/depthwise_filter", 3, Channels[i - 1])),
                _owned.Keep(layers.Filters($"conv{i}/pointwise_filter", 1, Channels[i - 1], Channels[i])),
                    _owned.Keep(layers.Vector($"conv{i}/bias", Channels[i])));
        _conv8 = _owned.Keep(layers.Filters("conv8/filters", 1, 512, 25));
        _conv8Bias = _owned.Keep(layers.Vector("conv8/bias", 25));
    }

    /// <summary>The raw grid (1, 25, N, N) for a normalised (1, 3, S, S) input: N = 13 at S = 416.</summary>
    public Tensor Forward(Tensor input)
    {
        var x = Ops.Conv2d(input, _conv0, _conv0Bias);
        TensorChain.Replace(ref x, Ops.LeakyRelu(x, 0.1f));
        TensorChain.Replace(ref x, TfjsLayers.MaxPoolStride2(x));
        for (int i = 0; i < 5; i++)
        {
            var (depthwise, pointwise, bias) = _separable[i];
            TensorChain.Replace(ref x, Ops.Conv2d(x, depthwise, null, 1, 1, groups: x.Shape[1]));
            TensorChain.Replace(ref x, Ops.Conv2d(x, pointwise, bias));
            TensorChain.Replace(ref x, Ops.LeakyRelu(x, 0.1f));
            TensorChain.Replace(ref x, i < 4 ? TfjsLayers.MaxPoolStride2(x) : TfjsLayers.MaxPoolStride1(x));
        }
        using (x)
            return Ops.Conv2d(x, _conv8, _conv8Bias);
    }

    /// <inheritdoc />
    public void Dispose() => _owned.Dispose();
}

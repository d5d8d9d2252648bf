using KDTalker.Model.Layers;
using KDTalker.Tensors;

namespace KDTalker.Model.Face;

/// <summary>
/// face-api's FaceLandmark68Net: four dense blocks (32, 64, 128, 256 channels) on a 112×112 input, each
/// out1 = relu(conv0(x)) at stride 2 ('SAME': pad 0 before, 1 after), then three separable convs whose inputs are
/// relu of the running sums (out2 = sep(out1), out3 = sep(relu(out1 + out2)), out4 = sep(relu(out1 + out2 + out3))),
/// output relu(out1 + out2 + out3 + out4); then the 7×7 average, and a dense layer 256 → 136 (x0, y0, x1, y1, …).
/// </summary>
public sealed class FaceLandmark68Net : IDisposable
{
    private static readonly int[] Channels = [32, 64, 128, 256];
    private readonly OwnedTensors _owned = new();
    private readonly Block[] _blocks;
    private readonly Tensor _fc, _fcBias;

    internal FaceLandmark68Net(TfjsLayers layers)
    {
        _blocks = new Block[4];
        for (int b = 0; b < 4; b++)
        {
            int input = b == 0 ? 3 : Channels[b - 1], width = Channels[b];
            string prefix = $"dense{b}/";
            var first = b == 0
                ? new Separable(null, _owned.Keep(layers.Filters(prefix + "conv0/filters", 3, 3, width)),
                    _owned.Keep(layers.Vector(prefix + "conv0/bias", width)))
                : Sep(layers, prefix + "conv0", input, width);
            _blocks[b] = new Block(first, Sep(layers, prefix + "conv1", width, width), Sep(layers, prefix + "conv2", width, width),
                Sep(layers, prefix + "conv3", width, width));
        }
        _fc = _owned.Keep(layers.Matrix("fc/weights", 256, 136));
        _fcBias = _owned.Keep(layers.Vector("fc/bias", 136));
    }

    /// <summary>136 raw outputs for a normalised (1, 3, 112, 112) input.</summary>
    public float[] Forward(Tensor input)
    {
        var x = input.Contiguous();
        foreach (var block in _blocks)
            TensorChain.Replace(ref x, block.Forward(x));
        using (x)
        using (var pooled = Ops.Mean(x, [2, 3]))
        using (var product = Ops.MatMul(pooled, _fc))
        using (var output = Ops.Add(product, _fcBias))
            return output.ToArray();
    }

    private Separable Sep(TfjsLayers layers, string prefix, int input, int output) => new(
        _owned.Keep(layers.Depthwise(prefix + "/depthwise_filter", 3, input)),
            _owned.Keep(layers.Filters(prefix + "/pointwise_filter", 1, input, output)), _owned.Keep(layers.Vector(prefix + "/bias", output)));

    /// <inheritdoc />
    public void Dispose() => _owned.Dispose();

    // A separable conv (depthwise then pointwise, one bias), or a regular conv when Depthwise is null.
    private sealed record Separable(Tensor? Depthwise, Tensor Pointwise, Tensor Bias)
    {
        public Tensor Forward(Tensor x, bool stride2)
        {
            if (Depthwise is null)
            {
                using var padded = TfjsLayers.PadBottomRight(x, 0f);
                return Ops.Conv2d(padded, Pointwise, Bias, stride: 2);
            }
            Tensor spatial;
            if (stride2)
            {
                using var padded = TfjsLayers.PadBottomRight(x, 0f);
                spatial = Ops.Conv2d(padded, Depthwise, null, 2, 0, groups: x.Shape[1]);
            }
            else
                spatial = Ops.Conv2d(x, Depthwise, null, 1, 1, groups: x.Shape[1]);
            using (spatial)
                return Ops.Conv2d(spatial, Pointwise, Bias);
        }
    }

    private sealed record Block(Separable Conv0, Separable Conv1, Separable Conv2, Separable Conv3)
    {
        public Tensor Forward(Tensor x)
        {
            using var first = Conv0.Forward(x, stride2: true);
            using var out1 = Ops.Relu(first);
            using var out2 = Conv1.Forward(out1, stride2: false);
            using var sum12 = Ops.Add(out1, out2);
            using var in3 = Ops.Relu(sum12);
            using var out3 = Conv2.Forward(in3, stride2: false);
            using var sum123 = Ops.Add(sum12, out3);
            using var in4 = Ops.Relu(sum123);
            using var out4 = Conv3.Forward(in4, stride2: false);
            using var sum = Ops.Add(sum123, out4);
            return Ops.Relu(sum);
        }
    }
}

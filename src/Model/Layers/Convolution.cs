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

    /// <summary>
    /// Several convolutions over the same input stacked into one with their output channels concatenated
    /// in order (e.g. SPADE's γ and β heads): the input is packed once for all of them.
    /// </summary>
    public static Convolution Stacked(IReadOnlyList<WeightScope> scopes, int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding)
    {
        var weights = new List<float>();
        var biases = new List<float>();
        foreach (var scope in scopes)
        {
            using var weight = scope.Get("weight", [outChannels, inChannels, .. kernel]);
            using var bias = scope.Get("bias", outChannels);
            weights.AddRange(weight.ToArray());
            biases.AddRange(bias.ToArray());
        }
        var backend = scopes[0].Backend;
        int total = outChannels * scopes.Count;
        return new Convolution(Ops.FromSpan(backend, weights.ToArray(), [total, inChannels, .. kernel]),
            Ops.FromSpan(backend, biases.ToArray(), total), stride, padding);
    }

    private Convolution(Tensor weight, Tensor bias, int[] stride, int[] padding)
    {
        _weight = weight;
        _bias = bias;
        _stride = stride;
        _padding = padding;
        _groups = 1;
    }

    /// <summary>
    /// A convolution followed by an inference BatchNorm, folded into one: W' = W·s, b' = (b − μ)·s + β with
    /// s = γ/√(σ² + eps) per output channel (the extra pass over the activations disappears).
    /// </summary>
    public Convolution(WeightScope convScope, WeightScope normScope, int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding,
        float eps = 1e-5f, bool bias = true)
    {
        using var weight = convScope.Get("weight", [outChannels, inChannels, .. kernel]);
        float[] weights = weight.ToArray();
        float[] offsets = new float[outChannels];
        if (bias)
        {
            using var b = convScope.Get("bias", outChannels);
            offsets = b.ToArray();
        }
        float[] Read(string name)
        {
            using var t = normScope.Get(name, outChannels);
            return t.ToArray();
        }
        float[] gamma = Read("weight"), beta = Read("bias"), mean = Read("running_mean"), variance = Read("running_var");
        int perChannel = weights.Length / outChannels;
        for (int o = 0; o < outChannels; o++)
        {
            float scale = (float)(gamma[o] / Math.Sqrt(variance[o] + (double)eps));
            for (int i = 0; i < perChannel; i++)
                weights[o * perChannel + i] *= scale;
            offsets[o] = (offsets[o] - mean[o]) * scale + beta[o];
        }
        var backend = convScope.Backend;
        _weight = Ops.FromSpan(backend, weights, [outChannels, inChannels, .. kernel]);
        _bias = Ops.FromSpan(backend, offsets, outChannels);
        _stride = stride;
        _padding = padding;
        _groups = 1;
    }

    /// <summary>Applies the convolution, then <paramref name="epilogue"/> (fused into the convolution where the backend can).</summary>
    public Tensor Forward(Tensor x, ConvolutionEpilogue? epilogue = null) =>
        Ops.Convolution(x, _weight, _bias, _stride, _padding, _groups, epilogue ?? ConvolutionEpilogue.None);

    /// <inheritdoc />
    public void Dispose()
    {
        _weight.Dispose();
        _bias?.Dispose();
    }
}

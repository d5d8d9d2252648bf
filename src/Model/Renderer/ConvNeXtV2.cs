using KDTalker.Model.Layers;
using KDTalker.Tensors;
using static KDTalker.Model.Layers.TensorChain;

namespace KDTalker.Model.Renderer;

/// <summary>
/// One ConvNeXt-V2 block: depthwise 7×7 → LayerNorm (channels last, eps 1e-6) → Linear 4× → exact GELU →
/// GRN → Linear → residual (drop path is the identity at inference).
/// </summary>
internal sealed class ConvNeXtBlock(WeightScope scope, int dim) : IDisposable
{
    private readonly Convolution _dwconv = new(scope["dwconv"], dim, dim, [7, 7], [1, 1], [3, 3], groups: dim);
    private readonly LayerNorm _norm = new(scope["norm"], dim, 1e-6f);
    private readonly Linear _pwconv1 = new(scope["pwconv1"], dim, 4 * dim);
    private readonly Tensor _grnGamma = scope["grn"].Get("gamma", 1, 1, 1, 4 * dim);
    private readonly Tensor _grnBeta = scope["grn"].Get("beta", 1, 1, 1, 4 * dim);
    private readonly Linear _pwconv2 = new(scope["pwconv2"], 4 * dim, dim);

    public Tensor Forward(Tensor input)
    {
        var x = _dwconv.Forward(input);
        using (var channelsLast = x.Permute(0, 2, 3, 1))
            Replace(ref x, _norm.Forward(channelsLast));
        Replace(ref x, _pwconv1.Forward(x));
        Replace(ref x, Ops.Gelu(x));
        Replace(ref x, Ops.GlobalResponseNorm(x, _grnGamma, _grnBeta, 1e-6f));
        Replace(ref x, _pwconv2.Forward(x));
        using (var channelsFirst = x.Permute(0, 3, 1, 2))
            Replace(ref x, Ops.Add(input, channelsFirst));
        return x;
    }

    public void Dispose()
    {
        _dwconv.Dispose();
        _norm.Dispose();
        _pwconv1.Dispose();
        _grnGamma.Dispose();
        _grnBeta.Dispose();
        _pwconv2.Dispose();
    }
}

/// <summary>
/// The ConvNeXt-V2 backbone of the motion extractor (docs/MODULES.md §2): a 4×4/4 stem, then per stage a
/// down-sampling layer (channels-first LayerNorm + 2×2/2 conv) and its blocks; global average pool and
/// LayerNorm (eps 1e-6) give one feature vector.
/// </summary>
internal sealed class ConvNeXtV2 : IDisposable
{
    private readonly List<IDisposable> _layers = [];
    private readonly Convolution[] _downsampleConvs;
    private readonly LayerNorm[] _downsampleNorms;
    private readonly ConvNeXtBlock[][] _stages;
    private readonly LayerNorm _norm;

    public ConvNeXtV2(WeightScope scope, int[] depths, int[] dims)
    {
        var downsample = scope["downsample_layers"];
        _downsampleConvs = new Convolution[dims.Length];
        _downsampleNorms = new LayerNorm[dims.Length];
        _downsampleConvs[0] = new Convolution(downsample[0][0], 3, dims[0], [4, 4], [4, 4], [0, 0]);
        _downsampleNorms[0] = new LayerNorm(downsample[0][1], dims[0], 1e-6f, channelsFirst: true);
        for (int i = 1; i < dims.Length; i++)
        {
            _downsampleNorms[i] = new LayerNorm(downsample[i][0], dims[i - 1], 1e-6f, channelsFirst: true);
            _downsampleConvs[i] = new Convolution(downsample[i][1], dims[i - 1], dims[i], [2, 2], [2, 2], [0, 0]);
        }
        _stages = depths.Select((depth, s) => Enumerable.Range(0, depth).Select(j => new ConvNeXtBlock(scope["stages"][s][j], dims[s])).ToArray()).ToArray();
        _norm = new LayerNorm(scope["norm"], dims[^1], 1e-6f);
    }

    /// <summary>(N, 3, H, W) → (N, dims[^1]).</summary>
    public Tensor Forward(Tensor image)
    {
        var x = _downsampleConvs[0].Forward(image);
        Replace(ref x, _downsampleNorms[0].Forward(x));
        for (int stage = 0; stage < _stages.Length; stage++)
        {
            if (stage > 0)
            {
                Replace(ref x, _downsampleNorms[stage].Forward(x));
                Replace(ref x, _downsampleConvs[stage].Forward(x));
            }
            foreach (var block in _stages[stage])
                Replace(ref x, block.Forward(x));
        }
        Replace(ref x, Ops.Mean(x, [2, 3]));
        Replace(ref x, _norm.Forward(x));
        return x;
    }

    public void Dispose()
    {
        foreach (var layer in _downsampleConvs.Concat<IDisposable>(_downsampleNorms).Concat(_stages.SelectMany(s => s)).Append(_norm))
            layer.Dispose();
    }
}

using KDTalker.Model.Layers;
using KDTalker.Tensors;
using static KDTalker.Model.Layers.TensorChain;

namespace KDTalker.Model.Renderer;

/// <summary>Configuration of the SPADE decoder G; defaults are the released model's.</summary>
public sealed record SpadeDecoderConfig
{
    /// <summary>Pixel-shuffle factor of the output head (2 → 512×512 from 256×256).</summary>
    public int Upscale { get; init; } = 2;
    /// <summary>Base width; the input has min(MaxFeatures, BlockExpansion·2^DownBlocks) channels.</summary>
    public int BlockExpansion { get; init; } = 64;
    /// <summary>Channel cap.</summary>
    public int MaxFeatures { get; init; } = 512;
    /// <summary>Down-sampling blocks of the encoder this decoder mirrors.</summary>
    public int DownBlocks { get; init; } = 2;
    /// <summary>Channels of the last SPADE block.</summary>
    public int OutChannels { get; init; } = 64;

    /// <summary>Channels of the input feature (and of the segmentation map).</summary>
    public int InputChannels => Math.Min(MaxFeatures, BlockExpansion * (1 << DownBlocks));
}

/// <summary>
/// SPADE(norm_nc, label_nc): InstanceNorm(x) · (1 + γ(seg)) + β(seg), γ and β from a shared 3×3 conv
/// (128 hidden, ReLU) over the segmentation map resized (nearest) to x's size. The γ and β convs read the
/// same input, so they run as one conv with 2·norm_nc outputs.
/// </summary>
internal sealed class Spade(WeightScope scope, int channels, int labelChannels) : IDisposable
{
    private const int Hidden = 128;
    private readonly Convolution _shared = new(scope["mlp_shared"][0], labelChannels, Hidden, [3, 3], [1, 1], [1, 1]);
    private readonly Convolution _gammaBeta = Convolution.Stacked([scope["mlp_gamma"], scope["mlp_beta"]], Hidden, channels, [3, 3], [1, 1], [1, 1]);

    public Tensor Forward(Tensor x, Tensor segmentation)
    {
        using var normalised = Ops.InstanceNorm(x, 1e-5f);
        using var resized = segmentation.Shape[2] == x.Shape[2] && segmentation.Shape[3] == x.Shape[3]
            ? segmentation.Contiguous()
            : Ops.UpsampleNearest(segmentation, x.Shape[2], x.Shape[3]);
        using var activated = _shared.Forward(resized, ConvolutionEpilogue.Activate(UnaryOp.Relu));
        return _gammaBeta.Forward(activated, ConvolutionEpilogue.Modulate(normalised));
    }

    public void Dispose()
    {
        _shared.Dispose();
        _gammaBeta.Dispose();
    }
}

/// <summary>
/// SPADEResnetBlock(fin, fout): dx = conv_1(lrelu(SPADE_1(conv_0(lrelu(SPADE_0(x)))))) with fmid = min(fin, fout),
/// plus x, or conv_s(SPADE_s(x)) (1×1, no bias) when fin ≠ fout. Spectral norms are resolved at conversion.
/// </summary>
internal sealed class SpadeResnetBlock : IDisposable
{
    private readonly Spade _norm0, _norm1;
    private readonly Convolution _conv0, _conv1;
    private readonly Spade? _normS;
    private readonly Convolution? _convS;

    public SpadeResnetBlock(WeightScope scope, int fin, int fout, int labelChannels)
    {
        int middle = Math.Min(fin, fout);
        _norm0 = new Spade(scope["norm_0"], fin, labelChannels);
        _conv0 = new Convolution(scope["conv_0"], fin, middle, [3, 3], [1, 1], [1, 1]);
        _norm1 = new Spade(scope["norm_1"], middle, labelChannels);
        _conv1 = new Convolution(scope["conv_1"], middle, fout, [3, 3], [1, 1], [1, 1]);
        if (fin != fout)
        {
            _normS = new Spade(scope["norm_s"], fin, labelChannels);
            _convS = new Convolution(scope["conv_s"], fin, fout, [1, 1], [1, 1], [0, 0], bias: false);
        }
    }

    public Tensor Forward(Tensor x, Tensor segmentation)
    {
        var dx = _norm0.Forward(x, segmentation);
        Replace(ref dx, Ops.LeakyRelu(dx, 0.2f));
        Replace(ref dx, _conv0.Forward(dx));
        Replace(ref dx, _norm1.Forward(dx, segmentation));
        Replace(ref dx, Ops.LeakyRelu(dx, 0.2f));
        if (_normS is null || _convS is null)
        {
            Replace(ref dx, _conv1.Forward(dx, ConvolutionEpilogue.Add(x)));
            return dx;
        }
        using var shortcutNorm = _normS.Forward(x, segmentation);
        using var shortcut = _convS.Forward(shortcutNorm);
        Replace(ref dx, _conv1.Forward(dx, ConvolutionEpilogue.Add(shortcut)));
        return dx;
    }

    public void Dispose()
    {
        _norm0.Dispose();
        _conv0.Dispose();
        _norm1.Dispose();
        _conv1.Dispose();
        _normS?.Dispose();
        _convS?.Dispose();
    }
}

/// <summary>
/// LivePortrait's SPADE decoder G (docs/MODULES.md §4): fc 3×3, six SPADE blocks at 64², two up-sampling SPADE
/// blocks, LeakyReLU 0.2, a 3×3 conv to 3·r² channels, pixel shuffle ×r and a sigmoid → (1, 3, 512, 512).
/// The warped feature is also the segmentation map of every SPADE layer.
/// </summary>
public sealed class SpadeDecoder : IDisposable
{
    private readonly Convolution _fc, _convImage;
    private readonly SpadeResnetBlock[] _middle;
    private readonly SpadeResnetBlock _up0, _up1;
    private readonly int _upscale;

    /// <summary>Loads the network.</summary>
    public SpadeDecoder(WeightScope scope, SpadeDecoderConfig config)
    {
        int input = config.InputChannels, wide = 2 * input;
        _fc = new Convolution(scope["fc"], input, wide, [3, 3], [1, 1], [1, 1]);
        _middle = Enumerable.Range(0, 6).Select(i => new SpadeResnetBlock(scope["G_middle_" + i], wide, wide, input)).ToArray();
        _up0 = new SpadeResnetBlock(scope["up_0"], wide, input, input);
        _up1 = new SpadeResnetBlock(scope["up_1"], input, config.OutChannels, input);
        _upscale = Math.Max(config.Upscale, 1);
        _convImage = new Convolution(_upscale > 1 ? scope["conv_img"][0] : scope["conv_img"], config.OutChannels, 3 * _upscale * _upscale, [3, 3],
            [1, 1], [1, 1]);
    }

    /// <summary>The image (1, 3, H·4·r, W·4·r) in (0, 1) for a warped feature (1, C, H, W).</summary>
    public Tensor Forward(Tensor feature, ITensorProbe? probe = null)
    {
        var x = _fc.Forward(feature);
        probe?.Capture("fc_out", x);
        for (int i = 0; i < _middle.Length; i++)
        {
            Replace(ref x, _middle[i].Forward(x, feature));
            if (i is 0 or 5)
                probe?.Capture($"G_middle_{i}_out", x);
        }
        // Each up block's three SPADE layers read the segmentation at the block's size: resize it once per block
        // (nearest by an integer factor, so identical to resizing inside each layer).
        Replace(ref x, Ops.UpsampleNearest(x, x.Shape[2] * 2, x.Shape[3] * 2));
        using (var segmentation = Ops.UpsampleNearest(feature, x.Shape[2], x.Shape[3]))
            Replace(ref x, _up0.Forward(x, segmentation));
        probe?.Capture("up_0_out", x);
        Replace(ref x, Ops.UpsampleNearest(x, x.Shape[2] * 2, x.Shape[3] * 2));
        using (var segmentation = Ops.UpsampleNearest(feature, x.Shape[2], x.Shape[3]))
            Replace(ref x, _up1.Forward(x, segmentation));
        Replace(ref x, Ops.LeakyRelu(x, 0.2f));
        Replace(ref x, _convImage.Forward(x));
        if (_upscale > 1)
            Replace(ref x, Ops.PixelShuffle(x, _upscale));
        Replace(ref x, Ops.Sigmoid(x));
        return x;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _fc.Dispose();
        foreach (var block in _middle)
            block.Dispose();
        _up0.Dispose();
        _up1.Dispose();
        _convImage.Dispose();
    }
}

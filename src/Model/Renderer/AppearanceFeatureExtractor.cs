using KDTalker.Model.Layers;
using KDTalker.Tensors;
using static KDTalker.Model.Layers.TensorChain;

namespace KDTalker.Model.Renderer;

/// <summary>Configuration of the appearance feature extractor F; defaults are the released model's.</summary>
public sealed record AppearanceFeatureExtractorConfig
{
    /// <summary>Input image channels.</summary>
    public int ImageChannels { get; init; } = 3;
    /// <summary>Channels after the first block.</summary>
    public int BlockExpansion { get; init; } = 64;
    /// <summary>Number of 2× down-sampling blocks.</summary>
    public int DownBlocks { get; init; } = 2;
    /// <summary>Channel cap, and the output of the 1×1 `second` conv.</summary>
    public int MaxFeatures { get; init; } = 512;
    /// <summary>Channels of the 3-D feature volume.</summary>
    public int ReshapeChannels { get; init; } = 32;
    /// <summary>Depth of the 3-D feature volume.</summary>
    public int ReshapeDepth { get; init; } = 16;
    /// <summary>Number of 3-D residual blocks.</summary>
    public int ResBlocks { get; init; } = 6;
}

/// <summary>
/// LivePortrait's appearance feature extractor F (docs/MODULES.md §1): 256×256 RGB in [0, 1] → the source
/// feature volume f_s (1, C, D, 64, 64). 2-D encoder, a 1×1 conv, a view to 3-D (channel c·D + d → (c, d)),
/// then pre-activation 3-D residual blocks.
/// </summary>
public sealed class AppearanceFeatureExtractor : IDisposable
{
    private readonly AppearanceFeatureExtractorConfig _config;
    private readonly SameBlock2d _first;
    private readonly DownBlock[] _downBlocks;
    private readonly Convolution _second;
    private readonly ResBlock3d[] _resBlocks;

    /// <summary>Loads the network (keys first.*, down_blocks.i.*, second.*, resblocks_3d.3dr{i}.*).</summary>
    public AppearanceFeatureExtractor(WeightScope scope, AppearanceFeatureExtractorConfig config)
    {
        _config = config;
        _first = new SameBlock2d(scope["first"], config.ImageChannels, config.BlockExpansion);
        _downBlocks = new DownBlock[config.DownBlocks];
        int channels = config.BlockExpansion;
        for (int i = 0; i < config.DownBlocks; i++)
        {
            int next = Math.Min(config.MaxFeatures, config.BlockExpansion * (2 << i));
            _downBlocks[i] = new DownBlock(scope["down_blocks"][i], channels, next, volumetric: false);
            channels = next;
        }
        _second = new Convolution(scope["second"], channels, config.MaxFeatures, [1, 1], [1, 1], [0, 0]);
        _resBlocks = Enumerable.Range(0, config.ResBlocks).Select(i => new ResBlock3d(scope["resblocks_3d"]["3dr" + i], config.ReshapeChannels)).ToArray();
    }

    /// <summary>f_s for an image (1, 3, H, W).</summary>
    public Tensor Forward(Tensor image, ITensorProbe? probe = null)
    {
        var x = _first.Forward(image);
        if (probe is not null)
        {
            using var firstChannels = x.Narrow(1, 0, Math.Min(2, x.Shape[1]));
            probe.Capture("first_out_ch0_2", firstChannels);
        }
        foreach (var block in _downBlocks)
            Replace(ref x, block.Forward(x));
        probe?.Capture("down_blocks_out", x);
        Replace(ref x, _second.Forward(x));
        probe?.Capture("second_out", x);
        int depth = _config.ReshapeDepth;
        Replace(ref x, x.View(x.Shape[0], x.Shape[1] / depth, depth, x.Shape[2], x.Shape[3]));
        foreach (var block in _resBlocks)
            Replace(ref x, block.Forward(x));
        return x;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _first.Dispose();
        foreach (var block in _downBlocks)
            block.Dispose();
        _second.Dispose();
        foreach (var block in _resBlocks)
            block.Dispose();
    }
}

using KDTalker.Model.Layers;
using KDTalker.Tensors;
using static KDTalker.Model.Layers.TensorChain;

namespace KDTalker.Model.Renderer;

/// <summary>Configuration of the warping network W; defaults are the released model's.</summary>
public sealed record WarpingNetworkConfig
{
    /// <summary>Implicit keypoints.</summary>
    public int Keypoints { get; init; } = 21;
    /// <summary>Output width is BlockExpansion·2^DownBlocks.</summary>
    public int BlockExpansion { get; init; } = 64;
    /// <summary>Channels of the warped feature seen as 2-D (feature channels × depth).</summary>
    public int MaxFeatures { get; init; } = 512;
    /// <summary>Down-sampling blocks of the appearance path (sets the output width).</summary>
    public int DownBlocks { get; init; } = 2;
    /// <summary>Channels of the 3-D feature volume.</summary>
    public int ReshapeChannels { get; init; } = 32;
    /// <summary>The dense-motion network's settings.</summary>
    public DenseMotionConfig DenseMotion { get; init; } = new();
}

/// <summary>What the warping network returns: the warped feature (occlusion applied) and the motion it used.</summary>
public sealed record WarpResult(Tensor Feature, Tensor Occlusion, Tensor Deformation) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        Feature.Dispose();
        Occlusion.Dispose();
        Deformation.Dispose();
    }
}

/// <summary>
/// LivePortrait's warping network W (docs/MODULES.md §3): dense motion from the keypoints, trilinear warp of the
/// full feature volume, view to 2-D, SameBlock2d (LeakyReLU 0.01), 1×1 conv, times the occlusion map.
/// </summary>
public sealed class WarpingNetwork : IDisposable
{
    private readonly DenseMotionNetwork _denseMotion;
    private readonly SameBlock2d _third;
    private readonly Convolution _fourth;

    /// <summary>Loads the network.</summary>
    public WarpingNetwork(WeightScope scope, WarpingNetworkConfig config)
    {
        int output = config.BlockExpansion * (1 << config.DownBlocks);
        _denseMotion = new DenseMotionNetwork(scope["dense_motion_network"], config.DenseMotion, config.Keypoints, config.ReshapeChannels);
        _third = new SameBlock2d(scope["third"], config.MaxFeatures, output, leaky: true);
        _fourth = new Convolution(scope["fourth"], output, output, [1, 1], [1, 1], [0, 0]);
    }

    /// <summary>Warps f_s (1, C, D, H, W) from the source keypoints to the driving ones.</summary>
    public WarpResult Forward(Tensor featureVolume, ImplicitKeypoints kpSource, ImplicitKeypoints kpDriving, ITensorProbe? probe = null)
    {
        var motion = _denseMotion.Forward(featureVolume, kpDriving: kpDriving, kpSource: kpSource, probe); // upstream's order: driving first
        try
        {
            var x = Ops.GridSample(featureVolume, motion.Deformation);
            Replace(ref x, x.View(1, x.Shape[1] * x.Shape[2], x.Shape[3], x.Shape[4]));
            probe?.Capture("warped_feature_reshaped", x);
            Replace(ref x, _third.Forward(x));
            Replace(ref x, _fourth.Forward(x));
            probe?.Capture("fourth_out", x);
            Replace(ref x, Ops.Multiply(x, motion.Occlusion));
            return new WarpResult(x, motion.Occlusion, motion.Deformation); // the motion's own tensors: no copies
        }
        catch
        {
            motion.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _denseMotion.Dispose();
        _third.Dispose();
        _fourth.Dispose();
    }
}

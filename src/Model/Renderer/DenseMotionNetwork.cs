using KDTalker.Model.Layers;
using KDTalker.Tensors;
using static KDTalker.Model.Layers.TensorChain;

namespace KDTalker.Model.Renderer;

/// <summary>Dense-motion settings inside the warping network; defaults are the released model's.</summary>
public sealed record DenseMotionConfig
{
    /// <summary>Hourglass base width.</summary>
    public int BlockExpansion { get; init; } = 32;
    /// <summary>Hourglass channel cap.</summary>
    public int MaxFeatures { get; init; } = 1024;
    /// <summary>Hourglass depth.</summary>
    public int Blocks { get; init; } = 5;
    /// <summary>Depth of the feature volume.</summary>
    public int ReshapeDepth { get; init; } = 16;
    /// <summary>Channels the feature volume is compressed to.</summary>
    public int Compress { get; init; } = 4;
}

/// <summary>What the dense-motion network predicts: the deformation grid (1, D, H, W, 3) and the occlusion map (1, 1, H, W).</summary>
internal sealed record DenseMotion(Tensor Deformation, Tensor Occlusion) : IDisposable
{
    public void Dispose()
    {
        Deformation.Dispose();
        Occlusion.Dispose();
    }
}

/// <summary>
/// LivePortrait's DenseMotionNetwork (docs/MODULES.md §3.1): per-keypoint translations of an identity grid,
/// the compressed feature resampled by each, Gaussian heatmap differences, a 3-D hourglass, a softmax
/// mask over the K+1 motions → the deformation; and an occlusion map from the hourglass output.
/// </summary>
internal sealed class DenseMotionNetwork : IDisposable
{
    private readonly DenseMotionConfig _config;
    private readonly int _keypoints;
    private readonly Convolution _compress, _mask, _occlusion; // _compress has its BatchNorm3d folded in
    private readonly Hourglass3d _hourglass;
    private readonly object _identityLock = new();
    private Tensor? _identity; // the coordinate grid of the last feature volume's size: the same every frame

    public DenseMotionNetwork(WeightScope scope, DenseMotionConfig config, int keypoints, int featureChannels)
    {
        _config = config;
        _keypoints = keypoints;
        _compress = new Convolution(scope["compress"], scope["norm"], featureChannels, config.Compress, [1, 1, 1], [1, 1, 1], [0, 0, 0]);
        _hourglass = new Hourglass3d(scope["hourglass"], config.BlockExpansion, (keypoints + 1) * (config.Compress + 1), config.MaxFeatures, config.Blocks);
        _mask = new Convolution(scope["mask"], _hourglass.OutChannels, keypoints + 1, [7, 7, 7], [1, 1, 1], [3, 3, 3]);
        _occlusion = new Convolution(scope["occlusion"], _hourglass.OutChannels * config.ReshapeDepth, 1, [7, 7], [1, 1], [3, 3]);
    }

    /// <param name="feature">f_s (1, C, D, H, W).</param>
    /// <param name="kpDriving">Driving keypoints.</param>
    /// <param name="kpSource">Source keypoints.</param>
    /// <param name="probe">Receives dm_norm_out, hourglass_input, hourglass_output and dm_mask (full volumes).</param>
    public DenseMotion Forward(Tensor feature, ImplicitKeypoints kpDriving, ImplicitKeypoints kpSource, ITensorProbe? probe)
    {
        var backend = feature.Backend;
        int depth = feature.Shape[2], height = feature.Shape[3], width = feature.Shape[4], slots = _keypoints + 1;
        int voxels = depth * height * width;
        var compressed = _compress.Forward(feature);
        probe?.Capture("dm_norm_out", compressed);
        Replace(ref compressed, Ops.Relu(compressed));

        using var identity = Identity(backend, depth, height, width);
        // Both keypoint sets in one upload (each upload waits for the device): (2, K+1, 3), [driving; source], slot 0 zero.
        using var keypoints = Keypoints(backend, kpDriving, kpSource, slots);
        using var driving = keypoints.Select(0, 0);
        using var source = keypoints.Select(0, 1);
        using var sparseMotion = SparseMotion(identity, driving, source, slots);
        Tensor deformed;
        using (var repeated = compressed.Expand(slots, _config.Compress, depth, height, width))
            deformed = Ops.GridSample(repeated, sparseMotion);
        compressed.Dispose();

        Tensor input;
        using (deformed)
        using (var heatmaps = Heatmaps(identity, keypoints, slots))
        using (var deformedSlots = deformed.View(slots, _config.Compress, voxels))
            input = Ops.Concat([heatmaps, deformedSlots], 1);
        Replace(ref input, input.View(1, slots * (_config.Compress + 1), depth, height, width));
        probe?.Capture("hourglass_input", input);
        var prediction = _hourglass.Forward(input);
        input.Dispose();
        probe?.Capture("hourglass_output", prediction);

        using var logits = _mask.Forward(prediction);
        using var mask = Ops.Softmax(logits, 1);
        probe?.Capture("dm_mask", mask);
        using var deformation = Deformation(mask, identity, driving, source, slots, voxels);

        Tensor occlusion;
        using (var flat = prediction.View(1, prediction.Shape[1] * depth, height, width))
        using (var occlusionLogits = _occlusion.Forward(flat))
            occlusion = Ops.Sigmoid(occlusionLogits);
        prediction.Dispose();
        return new DenseMotion(deformation.View(1, depth, height, width, 3), occlusion);
    }

    /// <summary>The identity grid for this size, built on the first frame and kept (the returned view is the caller's).</summary>
    private Tensor Identity(IBackend backend, int depth, int height, int width)
    {
        lock (_identityLock)
        {
            if (_identity is null || !ReferenceEquals(_identity.Backend, backend) || !_identity.Shape.SequenceEqual([depth, height, width, 3]))
            {
                _identity?.Dispose();
                _identity = MotionGrid.Identity(backend, depth, height, width);
            }
            return _identity.View(depth, height, width, 3);
        }
    }

    /// <summary>(2, K+1, 3): driving then source keypoints, each with a zero slot 0.</summary>
    private static Tensor Keypoints(IBackend backend, ImplicitKeypoints kpDriving, ImplicitKeypoints kpSource, int slots)
    {
        var values = new float[2 * slots * 3];
        kpDriving.Values[..((slots - 1) * 3)].CopyTo(values.AsSpan(3));
        kpSource.Values[..((slots - 1) * 3)].CopyTo(values.AsSpan(slots * 3 + 3));
        return Ops.FromSpan(backend, values, 2, slots, 3);
    }

    /// <summary>
    /// S (K+1, D, H, W, 3): slot k is (grid − kp_driving[k]) + kp_source[k]; slot 0 gets zero keypoints,
    /// which leaves it exactly the identity grid.
    /// </summary>
    private static Tensor SparseMotion(Tensor identity, Tensor driving, Tensor source, int slots)
    {
        using var drivingSlots = driving.View(slots, 1, 1, 1, 3);
        using var sourceSlots = source.View(slots, 1, 1, 1, 3);
        using var shifted = Ops.Subtract(identity, drivingSlots);
        return Ops.Add(shifted, sourceSlots);
    }

    /// <summary>
    /// Heatmaps (K+1, 1, V): exp(−½‖G − kp_d‖²/0.01) − exp(−½‖G − kp_s‖²/0.01) for every slot at once; slot 0 is
    /// exactly zero (both of its keypoints are zero).
    /// </summary>
    private static Tensor Heatmaps(Tensor identity, Tensor keypoints, int slots)
    {
        int voxels = identity.Length / 3;
        using var grid = identity.View(1, 1, voxels, 3);
        using var means = keypoints.View(2, slots, 1, 3);
        using var offset = Ops.Subtract(grid, means);
        using var squared = Ops.Square(offset);
        using var distance = Ops.Sum(squared, [-1]);
        using var scaled = Ops.Affine(distance, -0.5f / 0.01f, 0f);
        using var gaussians = Ops.Exp(scaled);
        using var driving = gaussians.Select(0, 0);
        using var source = gaussians.Select(0, 1);
        using var difference = Ops.Subtract(driving, source);
        return difference.View(slots, 1, voxels);
    }

    /// <summary>
    /// Σ_k A_k·S_k per voxel. S_k = G + δ_k with δ_0 = 0 and δ_k = kp_s − kp_d, so this is
    /// G·Σ_k A_k + δᵀA: a (3 × K+1)·(K+1 × V) product instead of a (K+1, 3, V) temporary.
    /// </summary>
    private static Tensor Deformation(Tensor mask, Tensor identity, Tensor driving, Tensor source, int slots, int voxels)
    {
        using var weights = mask.View(slots, voxels);
        using var delta = Ops.Subtract(source, driving);
        using var deltas = delta.Transpose(0, 1);
        using var shift = Ops.MatMul(deltas, weights);
        using var total = Ops.Sum(weights, [0], keepDims: true);
        using var grid = identity.View(voxels, 3);
        using var gridT = grid.Transpose(0, 1);
        using var scaled = Ops.Multiply(gridT, total);
        using var sum = Ops.Add(scaled, shift);
        using var perVoxel = sum.Transpose(0, 1);
        return Ops.Clone(perVoxel);
    }

    public void Dispose()
    {
        _identity?.Dispose();
        _compress.Dispose();
        _hourglass.Dispose();
        _mask.Dispose();
        _occlusion.Dispose();
    }
}

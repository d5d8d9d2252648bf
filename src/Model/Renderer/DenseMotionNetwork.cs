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

        using var identity = MotionGrid.Identity(backend, depth, height, width);
        using var sparseMotion = SparseMotion(identity, kpDriving, kpSource, slots);
        Tensor deformed;
        using (var repeated = compressed.Expand(slots, _config.Compress, depth, height, width))
            deformed = Ops.GridSample(repeated, sparseMotion);
        compressed.Dispose();

        Tensor input;
        using (deformed)
        using (var heatmaps = Heatmaps(identity, kpDriving, kpSource))
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
        using var deformation = Deformation(mask, identity, kpDriving, kpSource, slots, voxels);

        Tensor occlusion;
        using (var flat = prediction.View(1, prediction.Shape[1] * depth, height, width))
        using (var occlusionLogits = _occlusion.Forward(flat))
            occlusion = Ops.Sigmoid(occlusionLogits);
        prediction.Dispose();
        return new DenseMotion(deformation.View(1, depth, height, width, 3), occlusion);
    }

    /// <summary>
    /// S (K+1, D, H, W, 3): slot k is (grid − kp_driving[k]) + kp_source[k]; slot 0 gets zero keypoints,
    /// which leaves it exactly the identity grid.
    /// </summary>
    private static Tensor SparseMotion(Tensor identity, ImplicitKeypoints kpDriving, ImplicitKeypoints kpSource, int slots)
    {
        using var driving = Keypoints(identity.Backend, kpDriving, slots);
        using var source = Keypoints(identity.Backend, kpSource, slots);
        using var shifted = Ops.Subtract(identity, driving);
        return Ops.Add(shifted, source);
    }

    /// <summary>Keypoints as (K+1, 1, 1, 1, 3) with a zero slot 0, broadcastable against the grid.</summary>
    private static Tensor Keypoints(IBackend backend, ImplicitKeypoints kp, int slots)
    {
        var values = new float[slots * 3];
        kp.Values[..((slots - 1) * 3)].CopyTo(values.AsSpan(3));
        return Ops.FromSpan(backend, values, slots, 1, 1, 1, 3);
    }

    /// <summary>Heatmaps (K+1, 1, V): exp(−½‖G − kp_d‖²/0.01) − exp(−½‖G − kp_s‖²/0.01), slot 0 zero.</summary>
    private static Tensor Heatmaps(Tensor identity, ImplicitKeypoints kpDriving, ImplicitKeypoints kpSource)
    {
        var backend = identity.Backend;
        int keypoints = kpDriving.Count, voxels = identity.Length / 3;
        var maps = new List<Tensor> { Ops.Zeros(backend, 1, 1, voxels) };
        try
        {
            for (int k = 0; k < keypoints; k++)
            {
                using var driving = Gaussian(identity, kpDriving[k]);
                using var source = Gaussian(identity, kpSource[k]);
                using var difference = Ops.Subtract(driving, source);
                maps.Add(difference.Reshape(1, 1, voxels));
            }
            return Ops.Concat(maps.ToArray(), 0);
        }
        finally
        {
            foreach (var map in maps)
                map.Dispose();
        }
    }

    private static Tensor Gaussian(Tensor identity, ReadOnlySpan<float> keypoint)
    {
        using var mean = Ops.FromSpan(identity.Backend, keypoint, 3);
        using var offset = Ops.Subtract(identity, mean);
        using var squared = Ops.Square(offset);
        using var distance = Ops.Sum(squared, [-1]);
        using var scaled = Ops.Affine(distance, -0.5f / 0.01f, 0f);
        return Ops.Exp(scaled);
    }

    /// <summary>
    /// Σ_k A_k·S_k per voxel. S_k = G + δ_k with δ_0 = 0 and δ_k = kp_s − kp_d, so this is
    /// G·Σ_k A_k + δᵀA: a (3 × K+1)·(K+1 × V) product instead of a (K+1, 3, V) temporary.
    /// </summary>
    private static Tensor Deformation(Tensor mask, Tensor identity, ImplicitKeypoints kpDriving, ImplicitKeypoints kpSource, int slots, int voxels)
    {
        var backend = mask.Backend;
        var delta = new float[3 * slots];
        for (int k = 1; k < slots; k++)
            for (int c = 0; c < 3; c++)
                delta[c * slots + k] = kpSource[k - 1][c] - kpDriving[k - 1][c];
        using var weights = mask.View(slots, voxels);
        using var deltas = Ops.FromSpan(backend, delta, 3, slots);
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
        _compress.Dispose();
        _hourglass.Dispose();
        _mask.Dispose();
        _occlusion.Dispose();
    }
}

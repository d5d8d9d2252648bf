using KDTalker.Model.Layers;
using KDTalker.Tensors;

namespace KDTalker.Model.Renderer;

/// <summary>Configuration of the motion extractor M; defaults are the released ConvNeXtV2-tiny.</summary>
public sealed record MotionExtractorConfig
{
    /// <summary>Implicit keypoints.</summary>
    public int Keypoints { get; init; } = 21;
    /// <summary>Head-pose bins per angle.</summary>
    public int PoseBins { get; init; } = 66;
    /// <summary>Blocks per stage.</summary>
    public int[] Depths { get; init; } = [3, 3, 9, 3];
    /// <summary>Channels per stage.</summary>
    public int[] Dims { get; init; } = [96, 192, 384, 768];
}

/// <summary>The seven raw heads of the motion extractor, as host arrays (batch 1).</summary>
public sealed record MotionHeads(float[] Pitch, float[] Yaw, float[] Roll, float[] T, float[] Exp, float[] Scale, float[] Kp);

/// <summary>
/// LivePortrait's motion extractor M (docs/MODULES.md §2): ConvNeXt-V2 features → linear heads for pose bins,
/// translation, expression deltas, scale and canonical keypoints. Keys under "detector.".
/// </summary>
public sealed class MotionExtractor : IDisposable
{
    private readonly ConvNeXtV2 _backbone;
    private readonly Linear _kp, _scale, _pitch, _yaw, _roll, _t, _exp;

    /// <summary>Loads the network.</summary>
    public MotionExtractor(WeightScope scope, MotionExtractorConfig config)
    {
        var detector = scope["detector"];
        int features = config.Dims[^1], points = 3 * config.Keypoints;
        _backbone = new ConvNeXtV2(detector, config.Depths, config.Dims);
        _kp = new Linear(detector["fc_kp"], features, points);
        _scale = new Linear(detector["fc_scale"], features, 1);
        _pitch = new Linear(detector["fc_pitch"], features, config.PoseBins);
        _yaw = new Linear(detector["fc_yaw"], features, config.PoseBins);
        _roll = new Linear(detector["fc_roll"], features, config.PoseBins);
        _t = new Linear(detector["fc_t"], features, 3);
        _exp = new Linear(detector["fc_exp"], features, points);
    }

    /// <summary>The raw head outputs for one image (1, 3, 256, 256) in [0, 1].</summary>
    public MotionHeads Forward(Tensor image)
    {
        using var features = _backbone.Forward(image);
        float[] Head(Linear head)
        {
            using var output = head.Forward(features);
            return output.ToArray();
        }
        return new MotionHeads(Head(_pitch), Head(_yaw), Head(_roll), Head(_t), Head(_exp), Head(_scale), Head(_kp));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _backbone.Dispose();
        foreach (var head in new[] { _kp, _scale, _pitch, _yaw, _roll, _t, _exp })
            head.Dispose();
    }
}

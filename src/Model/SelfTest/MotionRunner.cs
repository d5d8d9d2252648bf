using KDTalker.Model.Pipeline;
using KDTalker.Model.Renderer;
using KDTalker.Tensors;

namespace KDTalker.Model.SelfTest;

/// <summary>Case b: the motion extractor, get_kp_info, the rotation matrix and transform_keypoint.</summary>
internal sealed class MotionRunner : GoldenRunner
{
    public override bool Handles(string module) => module.StartsWith("MotionExtractor", StringComparison.Ordinal);

    public override IReadOnlyList<GoldenComparison> Run(GoldenCase golden, IBackend backend)
    {
        using var weights = new CaseWeights(golden, backend);
        var scope = weights.Scope(golden.Params("weights").GetString()!, "motion_extractor");
        using var network = new MotionExtractor(scope, NetworkConfigs.Motion(golden.Params()));
        using var image = golden.Tensors.ReadTensor("input_image", backend);
        var heads = network.Forward(image);
        var info = KeypointInfo.FromHeads(heads);
        var rotation = HeadRotation.Matrix(info.Pitch, info.Yaw, info.Roll);
        return
        [
            Compare(golden, "raw_pitch", heads.Pitch, ModuleTolerance),
            Compare(golden, "raw_yaw", heads.Yaw, ModuleTolerance),
            Compare(golden, "raw_roll", heads.Roll, ModuleTolerance),
            Compare(golden, "raw_t", heads.T, ModuleTolerance),
            Compare(golden, "raw_exp", heads.Exp, ModuleTolerance),
            Compare(golden, "raw_scale", heads.Scale, ModuleTolerance),
            Compare(golden, "raw_kp", heads.Kp, ModuleTolerance),
            // Degrees are ·3 of an expectation over 66 bins: 1e-4 of the bins is 3e-4 degrees.
            Compare(golden, "kp_info_pitch", [info.Pitch], 3 * ModuleTolerance),
            Compare(golden, "kp_info_yaw", [info.Yaw], 3 * ModuleTolerance),
            Compare(golden, "kp_info_roll", [info.Roll], 3 * ModuleTolerance),
            Compare(golden, "kp_info_t", info.T, ModuleTolerance),
            Compare(golden, "kp_info_exp", info.Exp, ModuleTolerance),
            Compare(golden, "kp_info_scale", [info.Scale], ModuleTolerance),
            Compare(golden, "kp_info_kp", info.Kp, ModuleTolerance),
            Compare(golden, "rotation", rotation.Cast<float>().ToArray(), ModuleTolerance),
            Compare(golden, "x_s", info.Transform().Values, ModuleTolerance),
        ];
    }
}

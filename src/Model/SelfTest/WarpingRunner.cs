using KDTalker.Model.Pipeline;
using KDTalker.Model.Renderer;
using KDTalker.Tensors;

namespace KDTalker.Model.SelfTest;

/// <summary>Case c: the warping network with its dense-motion intermediates.</summary>
internal sealed class WarpingRunner : GoldenRunner
{
    public override bool Handles(string module) => module == "WarpingNetwork";

    public override IReadOnlyList<GoldenComparison> Run(GoldenCase golden, IBackend backend)
    {
        using var weights = new CaseWeights(golden, backend);
        var scope = weights.Scope(golden.Params("weights").GetString()!, "warping_module");
        using var network = new WarpingNetwork(scope, NetworkConfigs.Warping(golden.Params()));
        using var feature = golden.Tensors.ReadTensor("feature_3d", backend);
        var capture = new TensorCapture();
        using var result = network.Forward(feature, new ImplicitKeypoints(golden.Tensors.ReadFloat32("kp_source")),
            new ImplicitKeypoints(golden.Tensors.ReadFloat32("kp_driving")), capture);
        int slice = golden.Params("depth_slice_index").GetInt32();
        return
        [
            Compare(golden, "out", result.Feature, ModuleTolerance),
            Compare(golden, "occlusion_map", result.Occlusion, ModuleTolerance),
            Compare(golden, "deformation", result.Deformation, ModuleTolerance),
            Compare(golden, "dm_norm_out", capture["dm_norm_out"].Values, ModuleTolerance),
            Compare(golden, "hourglass_input_depth_slice", capture.DepthSlice("hourglass_input", slice), ModuleTolerance),
            Compare(golden, "hourglass_output_depth_slice", capture.DepthSlice("hourglass_output", slice), ModuleTolerance),
            Compare(golden, "dm_mask_depth_slice", capture.DepthSlice("dm_mask", slice), ModuleTolerance),
            Compare(golden, "warped_feature_reshaped", capture["warped_feature_reshaped"].Values, ModuleTolerance),
            Compare(golden, "fourth_out", capture["fourth_out"].Values, ModuleTolerance),
        ];
    }
}

using KDTalker.Model.Pipeline;
using KDTalker.Model.Renderer;
using KDTalker.Tensors;

namespace KDTalker.Model.SelfTest;

/// <summary>Case a: the appearance feature extractor.</summary>
internal sealed class AppearanceRunner : GoldenRunner
{
    public override bool Handles(string module) => module.StartsWith("AppearanceFeatureExtractor", StringComparison.Ordinal);

    public override IReadOnlyList<GoldenComparison> Run(GoldenCase golden, IBackend backend)
    {
        using var weights = new CaseWeights(golden, backend);
        var scope = weights.Scope(golden.Params("weights").GetString()!, "appearance_feature_extractor");
        using var network = new AppearanceFeatureExtractor(scope, NetworkConfigs.Appearance(golden.Params()));
        using var image = golden.Tensors.ReadTensor("input_image", backend);
        var capture = new TensorCapture();
        using var feature = network.Forward(image, capture);
        return
        [
            Compare(golden, "feature_3d", feature, ModuleTolerance),
            Compare(golden, "first_out_ch0_2", capture["first_out_ch0_2"].Values, ModuleTolerance),
            Compare(golden, "down_blocks_out", capture["down_blocks_out"].Values, ModuleTolerance),
            Compare(golden, "second_out", capture["second_out"].Values, ModuleTolerance),
        ];
    }
}

using KDTalker.Model.Pipeline;
using KDTalker.Model.Renderer;
using KDTalker.Tensors;
using KDTalker.Tensors.SafeTensors;

namespace KDTalker.Model.SelfTest;

/// <summary>Case e: warp_decode end to end (warping network, SPADE decoder, parse_output) on case a's feature volume.</summary>
internal sealed class WarpDecodeRunner : GoldenRunner
{
    public override bool Handles(string module) => module == "LivePortraitWrapper.warp_decode";

    public override IReadOnlyList<GoldenComparison> Run(GoldenCase golden, IBackend backend)
    {
        using var weights = new CaseWeights(golden, backend);
        var files = golden.Params("weights").EnumerateArray().Select(w => w.GetString()!).ToArray();
        using var warping = new WarpingNetwork(weights.Scope(files[0], "warping_module"), NetworkConfigs.Warping(golden.Params("warp_params")));
        using var decoder = new SpadeDecoder(weights.Scope(files[1], "spade_generator"), NetworkConfigs.Spade(golden.Params("spade_params")));
        // "feature_3d from a_appearance_feature_extractor.safetensors (...)": the volume comes from case a.
        string featureFile = System.Text.RegularExpressions.Regex.Match(golden.Params("feature_3d").GetString()!, @"\S+\.safetensors").Value;
        using var featureSource = SafeTensorsFile.Open(golden.File(featureFile));
        using var feature = featureSource.ReadTensor("feature_3d", backend);
        using var warped = warping.Forward(feature, new ImplicitKeypoints(golden.Tensors.ReadFloat32("kp_source")),
            new ImplicitKeypoints(golden.Tensors.ReadFloat32("kp_driving")));
        using var image = decoder.Forward(warped.Feature);
        return
        [
            Compare(golden, "out", image, ImageTolerance),
            Compare(golden, "occlusion_map", warped.Occlusion, ModuleTolerance),
            Compare(golden, "deformation", warped.Deformation, ModuleTolerance),
            Compare(golden, "parsed_u8", ParseOutput.ToImage(image).Pixels.Select(b => (float)b).ToArray(), ByteTolerance),
        ];
    }
}

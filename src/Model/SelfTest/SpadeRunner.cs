using KDTalker.Model.Pipeline;
using KDTalker.Model.Renderer;
using KDTalker.Tensors;

namespace KDTalker.Model.SelfTest;

/// <summary>Case d: the SPADE decoder, its resolved spectral-norm weight and parse_output.</summary>
internal sealed class SpadeRunner : GoldenRunner
{
    public override bool Handles(string module) => module == "SPADEDecoder";

    public override IReadOnlyList<GoldenComparison> Run(GoldenCase golden, IBackend backend)
    {
        using var weights = new CaseWeights(golden, backend);
        var scope = weights.Scope(golden.Params("weights").GetString()!, "spade_generator");
        using var network = new SpadeDecoder(scope, NetworkConfigs.Spade(golden.Params()));
        using var feature = golden.Tensors.ReadTensor("feature", backend);
        var capture = new TensorCapture();
        using var image = network.Forward(feature, capture);
        using var effective = scope["G_middle_0"]["conv_0"].Get("weight", golden.Tensors.Entry("G_middle_0_conv_0_effective_weight").ShapeInt32);
        return
        [
            Compare(golden, "out", image, ImageTolerance),
            Compare(golden, "parsed_u8", ParseOutput.ToImage(image).Pixels.Select(b => (float)b).ToArray(), ByteTolerance),
            Compare(golden, "G_middle_0_conv_0_effective_weight", effective, 1e-7),
            Compare(golden, "fc_out", capture["fc_out"].Values, ModuleTolerance),
            Compare(golden, "G_middle_0_out", capture["G_middle_0_out"].Values, ModuleTolerance),
            Compare(golden, "G_middle_5_out", capture["G_middle_5_out"].Values, ModuleTolerance),
            Compare(golden, "up_0_out", capture["up_0_out"].Values, ModuleTolerance),
        ];
    }
}

using KDTalker.Model.Audio;
using KDTalker.Tensors;

namespace KDTalker.Model.SelfTest;

/// <summary>
/// Case f: the Wav2Lip audio encoder on 32 mel windows. Tolerance 1e-4 absolute (README: modules); the
/// observed float32-vs-float64 error of upstream itself is 2.2e-5 on outputs up to 7.7.
/// </summary>
internal sealed class AudioEncoderRunner : GoldenRunner
{
    public override bool Handles(string module) => module.StartsWith("inference.AudioEncoder", StringComparison.Ordinal);

    public override IReadOnlyList<GoldenComparison> Run(GoldenCase golden, IBackend backend)
    {
        using var weights = new CaseWeights(golden, backend);
        var scope = weights.Scope(golden.Config.RootElement.GetProperty("weights").GetString()!, "audio_encoder");
        using var encoder = new AudioEncoder(scope);
        using var recorded = golden.Tensors.ReadTensor("mel_windows", backend);
        int windows = recorded.Shape[1];
        using var input = recorded.View(windows, 1, AudioEncoder.MelBands, AudioEncoder.WindowLength);
        var capture = new TensorCapture();
        using var hidden = encoder.Forward(input, capture);
        return
        [
            Compare(golden, "hidden", hidden, ModuleTolerance),
            Compare(golden, "block0_out_window0", FirstWindow(capture["block0_out"]), ModuleTolerance),
            Compare(golden, "block3_out_window0", FirstWindow(capture["block3_out"]), ModuleTolerance),
            Compare(golden, "block9_out", capture["block9_out"].Values, ModuleTolerance),
            Compare(golden, "block11_out", capture["block11_out"].Values, ModuleTolerance),
            Compare(golden, "block12_out", capture["block12_out"].Values, ModuleTolerance),
        ];
    }

    private static float[] FirstWindow((float[] Values, int[] Shape) captured) =>
        captured.Values[..(captured.Values.Length / captured.Shape[0])];
}

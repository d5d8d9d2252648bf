using KDTalker.Model.Layers;
using KDTalker.Tensors;
using static KDTalker.Model.Layers.TensorChain;

namespace KDTalker.Model.Audio;

/// <summary>
/// Wav2Lip's audio encoder (docs/MODULES.md §5): 13 × [Conv2d → BatchNorm2d (folded into the conv at load time) →
/// (+ input if residual) → ReLU], mel windows (B, 1, 80, 16) → audio features (B, 512).
/// Keys per layer i: {i}.conv_block.0.{weight,bias}, {i}.conv_block.1.{weight,bias,running_mean,running_var}.
/// </summary>
public sealed class AudioEncoder : IDisposable
{
    private readonly record struct LayerSpec(int InChannels, int OutChannels, int Kernel, (int H, int W) Stride, int Padding, bool Residual);

    /// <summary>The layer table of docs/MODULES.md §5 (output 80×16 → 27×16 → 9×6 → 3×3 → 1×1).</summary>
    private static readonly LayerSpec[] Layers =
    [
        new(1, 32, 3, (1, 1), 1, false),
        new(32, 32, 3, (1, 1), 1, true),
        new(32, 32, 3, (1, 1), 1, true),
        new(32, 64, 3, (3, 1), 1, false),
        new(64, 64, 3, (1, 1), 1, true),
        new(64, 64, 3, (1, 1), 1, true),
        new(64, 128, 3, (3, 3), 1, false),
        new(128, 128, 3, (1, 1), 1, true),
        new(128, 128, 3, (1, 1), 1, true),
        new(128, 256, 3, (3, 2), 1, false),
        new(256, 256, 3, (1, 1), 1, true),
        new(256, 512, 3, (1, 1), 0, false),
        new(512, 512, 1, (1, 1), 0, false),
    ];

    private readonly Convolution[] _convolutions;

    /// <summary>Mel bands of an input window.</summary>
    public const int MelBands = 80;

    /// <summary>Time steps of an input window.</summary>
    public const int WindowLength = 16;

    /// <summary>Width of the output feature.</summary>
    public const int FeatureSize = 512;

    /// <summary>Loads the 13 layers from the scope of the "audio_encoder" network (keys "{i}.conv_block.*").</summary>
    public AudioEncoder(WeightScope scope)
    {
        Backend = scope.Backend;
        _convolutions = new Convolution[Layers.Length];
        try
        {
            for (int i = 0; i < Layers.Length; i++)
            {
                var spec = Layers[i];
                var block = scope[i]["conv_block"];
                _convolutions[i] = new Convolution(block[0], block[1], spec.InChannels, spec.OutChannels,
                    [spec.Kernel, spec.Kernel], [spec.Stride.H, spec.Stride.W], [spec.Padding, spec.Padding]);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The backend the weights live on.</summary>
    public IBackend Backend { get; }

    /// <summary>
    /// Features (B, 512) of mel windows (B, 1, 80, 16). The probe sees "block{i}_out" (B, C, H, W) after each
    /// layer's ReLU.
    /// </summary>
    public Tensor Forward(Tensor windows, ITensorProbe? probe = null)
    {
        if (windows.Rank != 4 || windows.Shape[1] != 1 || windows.Shape[2] != MelBands || windows.Shape[3] != WindowLength)
            throw new ArgumentException($"The audio encoder takes mel windows (B, 1, {MelBands}, {WindowLength}); got {windows}.");
        Tensor x = windows.Contiguous();
        for (int i = 0; i < Layers.Length; i++)
        {
            var y = _convolutions[i].Forward(x);
            if (Layers[i].Residual)
                Replace(ref y, Ops.Add(y, x));
            Replace(ref y, Ops.Relu(y));
            Replace(ref x, y);
            probe?.Capture($"block{i}_out", x);
        }
        int batch = windows.Shape[0];
        Replace(ref x, x.Reshape(batch, FeatureSize));
        return x;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var convolution in _convolutions)
            convolution?.Dispose();
    }
}

using KDTalker.Tensors;

namespace KDTalker.Model.Motion;

/// <summary>
/// The per-window inputs of the denoiser that do not change between diffusion steps (see
/// <see cref="SimpleTransModel.Prepare"/>). Owns its tensors.
/// </summary>
public sealed class DenoiserContext(int frames, Tensor[] audioScaleShift, Tensor bias, Tensor rotaryCos, Tensor rotarySin) : IDisposable
{
    /// <summary>Rows of the model input (two conditioning rows + the window's frames).</summary>
    public int Frames { get; } = frames;

    /// <summary>Per ResNet block (two per layer): mlp.1's audio columns applied to SiLU(context), plus its bias.</summary>
    public IReadOnlyList<Tensor> AudioScaleShift { get; } = audioScaleShift;

    /// <summary>The relative-position bias (heads, F, F).</summary>
    public Tensor Bias { get; } = bias;

    /// <summary>Rotary cosines (F, pairs).</summary>
    public Tensor RotaryCos { get; } = rotaryCos;

    /// <summary>Rotary sines (F, pairs).</summary>
    public Tensor RotarySin { get; } = rotarySin;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var tensor in AudioScaleShift)
            tensor.Dispose();
        Bias.Dispose();
        RotaryCos.Dispose();
        RotarySin.Dispose();
    }
}

using System.Text.Json;

namespace KDTalker.Model.Motion;

/// <summary>
/// SimpleTransModel's sizes (docs/MODULES.md §6). Heads are dim/64 of 64 features each; the rotary embedding is
/// built with dimension min(32, heads) and rotates 2·⌊that/2⌋ features of every head (12 for the release).
/// </summary>
public sealed record DenoiserConfig(int Dim = 768, int Layers = 6, int TimeEmbedDim = 256, int MotionFeatures = 70, int AudioFeatures = 512)
{
    /// <summary>Features per attention head.</summary>
    public const int HeadDim = 64;

    /// <summary>The released model: 768 wide, 6 layers, 12 heads.</summary>
    public static DenoiserConfig Release { get; } = new();

    /// <summary>Attention heads: dim / 64.</summary>
    public int Heads => Dim / HeadDim;

    /// <summary>Rotated feature pairs per head: ⌊min(32, heads)/2⌋ (RotaryEmbedding(dim = min(32, heads))).</summary>
    public int RotaryPairs => Math.Min(32, Heads) / 2;

    /// <summary>Per-frame condition width: time embedding then audio feature.</summary>
    public int ConditionDim => TimeEmbedDim + AudioFeatures;

    /// <summary>Reads upstream's parameter names (dim, num_layers, …); missing entries keep the release values.</summary>
    public static DenoiserConfig FromJson(JsonElement parameters)
    {
        int Read(string name, int fallback) => parameters.TryGetProperty(name, out var value) ? value.GetInt32() : fallback;
        var config = new DenoiserConfig(Read("dim", 768), Read("num_layers", 6), Read("timestep_embed_dim", 256), Read("in_channels", 70),
            Read("context_dim", 512));
        config.Validate();
        return config;
    }

    /// <summary>Throws when the sizes cannot build the network.</summary>
    public void Validate()
    {
        if (Dim <= 0 || Dim % HeadDim != 0)
            throw new ArgumentException($"Denoiser width {Dim} must be a positive multiple of {HeadDim} (the head size).");
        if (Heads < 3)
            // rotary_embedding_torch 0.3.0 divides by (dim − 2): one or two heads cannot be built upstream either.
            throw new ArgumentException($"Denoiser width {Dim} gives {Heads} heads; upstream's rotary embedding needs at least 3.");
        if (Layers <= 0 || TimeEmbedDim <= 0 || MotionFeatures <= 0 || AudioFeatures <= 0)
            throw new ArgumentException($"Invalid denoiser sizes: {this}.");
    }
}

using KDTalker.Model.Layers;
using KDTalker.Tensors;

namespace KDTalker.Model.Motion;

/// <summary>
/// layers.l.2 = Residual(PreNorm(Attention)) over the time axis (docs/MODULES.md §6.2): y = LN(x);
/// q, k, v = to_qkv(y) split "(h d)" head-major; q·64^−½, rotary on q and k, + relative-position bias,
/// softmax over keys (not causal), heads merged, proj; out = x + that.
/// </summary>
public sealed class TemporalAttention : IDisposable
{
    private readonly LayerNorm _norm;
    private readonly Linear _toQkv, _proj;
    private readonly float[] _rotaryFrequencies;
    private readonly int _heads, _dim;

    /// <summary>Loads layers.l.2 (fn.norm, fn.fn.{to_qkv, proj, rotary_emb.freqs}).</summary>
    public TemporalAttention(WeightScope scope, DenoiserConfig config)
    {
        _dim = config.Dim;
        _heads = config.Heads;
        _norm = new LayerNorm(scope["fn"]["norm"], _dim, 1e-5f, weightKey: "gamma", biasKey: "beta", storedShape: [1, 1, _dim]);
        var attention = scope["fn"]["fn"];
        _toQkv = new Linear(attention["to_qkv"], _dim, 3 * _dim, bias: false);
        _proj = new Linear(attention["proj"], _dim, _dim);
        using var frequencies = attention["rotary_emb"].Get("freqs", config.RotaryPairs);
        _rotaryFrequencies = frequencies.ToArray();
    }

    /// <summary>The rotary frequencies stored in the checkpoint (shared by every layer upstream).</summary>
    public ReadOnlySpan<float> RotaryFrequencies => _rotaryFrequencies;

    /// <summary>x (1, F, dim) → x + Attention(LN(x)), with the (heads, F, F) bias and (F, pairs) rotary tables.</summary>
    public Tensor Forward(Tensor x, Tensor bias, Tensor rotaryCos, Tensor rotarySin)
    {
        int batch = x.Shape[0], frames = x.Shape[1];
        using var normalized = _norm.Forward(x);
        using var qkv = _toQkv.Forward(normalized);
        using var split = qkv.View(batch, frames, 3, _heads, DenoiserConfig.HeadDim);
        using var q = Heads(split, 0);
        using var k = Heads(split, 1);
        using var v = Heads(split, 2);
        using var attended = Ops.Attention(q, k, v, 1f / MathF.Sqrt(DenoiserConfig.HeadDim), bias, rotaryCos, rotarySin);
        using var merged = attended.View(batch, frames, _dim);
        using var projected = _proj.Forward(merged);
        return Ops.Add(x, projected);
    }

    // (B, F, 3, H, D) → part (B, H, F, D), a strided view.
    private static Tensor Heads(Tensor split, int part)
    {
        using var selected = split.Select(2, part);
        return selected.Permute(0, 2, 1, 3);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _norm.Dispose();
        _toQkv.Dispose();
        _proj.Dispose();
    }
}

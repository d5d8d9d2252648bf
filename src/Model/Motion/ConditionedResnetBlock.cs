using KDTalker.Model.Layers;
using KDTalker.Tensors;

namespace KDTalker.Model.Motion;

/// <summary>
/// ResnetBlock(dim, dim, cond_dim) of SimpleTransModel (docs/MODULES.md §6.1):
/// (scale, shift) = mlp.1(SiLU(cond)); h = SiLU(LN(block1.proj(x))·(scale + 1) + shift);
/// h = SiLU(block2.proj(h)) (block2.norm exists in the checkpoint but is unused upstream); out = h + x.
/// The condition is [τ, audio] per frame, so mlp.1 splits into a time part (one row per diffusion step)
/// and an audio part (fixed for a whole window): <see cref="AudioScaleShift"/> computes the latter once.
/// </summary>
public sealed class ConditionedResnetBlock : IDisposable
{
    private readonly Tensor _mlpWeight, _mlpBias;
    private readonly Linear _proj1, _proj2;
    private readonly LayerNorm _norm1;
    private readonly int _dim, _timeDim;

    /// <summary>Loads layers.l.0 or layers.l.1.</summary>
    public ConditionedResnetBlock(WeightScope scope, DenoiserConfig config)
    {
        _dim = config.Dim;
        _timeDim = config.TimeEmbedDim;
        _mlpWeight = scope["mlp"][1].Get("weight", 2 * _dim, config.ConditionDim);
        _mlpBias = scope["mlp"][1].Get("bias", 2 * _dim);
        _proj1 = new Linear(scope["block1"]["proj"], _dim, _dim);
        _norm1 = new LayerNorm(scope["block1"]["norm"], _dim, 1e-5f, weightKey: "gamma", biasKey: "beta", storedShape: [1, 1, _dim]);
        _proj2 = new Linear(scope["block2"]["proj"], _dim, _dim);
    }

    /// <summary>The audio columns of mlp.1 applied to SiLU(audio) plus the bias: (1, F, 2·dim).</summary>
    public Tensor AudioScaleShift(Tensor activatedAudio)
    {
        using var weight = _mlpWeight.Narrow(1, _timeDim, _mlpWeight.Shape[1] - _timeDim);
        return Ops.Linear(activatedAudio, weight, _mlpBias);
    }

    /// <summary>The time columns of mlp.1 applied to SiLU(τ): (1, 2·dim).</summary>
    public Tensor TimeScaleShift(Tensor activatedTime)
    {
        using var weight = _mlpWeight.Narrow(1, 0, _timeDim);
        return Ops.Linear(activatedTime, weight, null);
    }

    /// <summary>x (1, F, dim) with this step's (1, F, 2·dim) scale-shift → (1, F, dim).</summary>
    public Tensor Forward(Tensor x, Tensor scaleShift)
    {
        using var scale = scaleShift.Narrow(-1, 0, _dim);
        using var shift = scaleShift.Narrow(-1, _dim, _dim);
        using var projected = _proj1.Forward(x);
        using var normalized = _norm1.Forward(projected);
        using var scalePlusOne = Ops.Affine(scale, 1f, 1f);
        using var scaled = Ops.Multiply(normalized, scalePlusOne);
        using var shifted = Ops.Add(scaled, shift);
        using var h1 = Ops.Silu(shifted);
        using var projected2 = _proj2.Forward(h1);
        using var h2 = Ops.Silu(projected2);
        return Ops.Add(h2, x);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _mlpWeight.Dispose();
        _mlpBias.Dispose();
        _proj1.Dispose();
        _norm1.Dispose();
        _proj2.Dispose();
    }
}

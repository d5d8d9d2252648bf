using KDTalker.Model.Layers;
using KDTalker.Tensors;

namespace KDTalker.Model.Motion;

/// <summary>
/// time_mlp: SinusoidalPosEmb(dim) → Linear(dim, 256) → SiLU → Linear(256, 256). The sinusoid follows
/// upstream's float32 arithmetic: ωⱼ = exp(j·(−ln 10000/(half − 1))), angle = t·ωⱼ, [sin, cos] (sin first).
/// </summary>
public sealed class TimestepEmbedding : IDisposable
{
    private readonly Linear _first, _second;
    private readonly int _dim;

    /// <summary>Loads time_mlp.1 and time_mlp.3.</summary>
    public TimestepEmbedding(WeightScope scope, int dim, int embedDim)
    {
        _dim = dim;
        _first = new Linear(scope[1], dim, embedDim);
        _second = new Linear(scope[3], embedDim, embedDim);
    }

    /// <summary>The (1, embedDim) embedding τ of diffusion step <paramref name="timestep"/>.</summary>
    public Tensor Forward(int timestep, IBackend backend)
    {
        using var sinusoid = Ops.FromSpan(backend, Sinusoid(timestep, _dim), 1, _dim);
        using var hidden = _first.Forward(sinusoid);
        using var activated = Ops.Silu(hidden);
        return _second.Forward(activated);
    }

    /// <summary>SinusoidalPosEmb(dim)(t): dim values, sines of the first half then cosines.</summary>
    public static float[] Sinusoid(int timestep, int dim)
    {
        int half = dim / 2;
        float step = (float)(-Math.Log(10000) / (half - 1));
        var values = new float[dim];
        for (int j = 0; j < half; j++)
        {
            float angle = timestep * MathF.Exp(j * step);
            values[j] = (float)Math.Sin(angle);
            values[half + j] = (float)Math.Cos(angle);
        }
        return values;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }
}

namespace KDTalker.Tensors;

/// <summary>
/// What a convolution does with each output value z = Σ w·x + bias before it is stored, so a backend can apply it
/// while z is still in registers (no extra pass over the activations): y = act(z), then + residual; or SPADE's
/// modulation, y = normalised·(1 + γ) + β where the convolution computes the stacked [γ; β] heads.
/// </summary>
public sealed record ConvolutionEpilogue
{
    /// <summary>Store z as it is.</summary>
    public static ConvolutionEpilogue None { get; } = new();

    /// <summary>The activation applied to z, or null.</summary>
    public UnaryOp? Activation { get; private init; }

    /// <summary>The activation's parameter (the LeakyRelu slope).</summary>
    public float Alpha { get; private init; }

    /// <summary>A tensor of the output's shape added after the activation, or null.</summary>
    public Tensor? Residual { get; private init; }

    /// <summary>
    /// SPADE (LivePortrait's SPADE.forward): the convolution's 2C output channels are the γ head then the β head, and the
    /// result has C channels, normalised·(1 + γ) + β, with <see cref="Modulated"/> the instance-normalised input
    /// (N, C, spatial...). Null otherwise.
    /// </summary>
    public Tensor? Modulated { get; private init; }

    /// <summary>True when the result is z itself.</summary>
    public bool IsNone => Activation is null && Residual is null && Modulated is null;

    /// <summary>y = op(z).</summary>
    public static ConvolutionEpilogue Activate(UnaryOp op, float alpha = 0f) => new() { Activation = op, Alpha = alpha };

    /// <summary>y = z + residual.</summary>
    public static ConvolutionEpilogue Add(Tensor residual) => new() { Residual = residual };

    /// <summary>This activation, then + <paramref name="residual"/>.</summary>
    public ConvolutionEpilogue WithResidual(Tensor residual) =>
        Modulated is null ? this with { Residual = residual } : throw new InvalidOperationException("A modulating epilogue takes no residual.");

    /// <summary>y = normalised·(1 + γ) + β from the stacked [γ; β] output.</summary>
    public static ConvolutionEpilogue Modulate(Tensor normalised) => new() { Modulated = normalised };

    /// <summary>
    /// Applies the epilogue to a plain convolution result <paramref name="z"/> with separate ops, the reference every
    /// fused path matches (this disposes <paramref name="z"/>).
    /// </summary>
    public Tensor ApplyUnfused(Tensor z)
    {
        if (IsNone)
            return z;
        using (z)
        {
            if (Modulated is not null)
            {
                int channels = Modulated.Shape[1];
                using var gamma = z.Narrow(1, 0, channels);
                using var beta = z.Narrow(1, channels, channels);
                using var scale = Ops.Affine(gamma, 1f, 1f);
                using var modulated = Ops.Multiply(Modulated, scale);
                return Ops.Add(modulated, beta);
            }
            var activated = Activation is { } op ? Ops.Unary(z, op, Alpha) : null;
            if (Residual is null)
                return activated!;
            using (activated)
                return Ops.Add(activated ?? z, Residual);
        }
    }
}

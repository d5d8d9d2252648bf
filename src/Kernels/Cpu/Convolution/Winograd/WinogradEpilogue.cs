using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu.Convolution.Winograd;

/// <summary>
/// The <see cref="ConvolutionEpilogue"/> as the output transform applies it while a tile row is in registers: y = act(z)
/// (+ residual), or SPADE's y = normalised·(z_γ + 1) + z_β, in the same float operations as the unfused ops.
/// Both tensors have the output's shape and are contiguous, so one element index addresses the output and them.
/// </summary>
internal readonly unsafe struct WinogradEpilogue(UnaryOp? activation, float alpha, float* residual, float* modulated)
{
    public UnaryOp? Activation { get; } = activation;

    public float Alpha { get; } = alpha;

    public float* Residual { get; } = residual;

    public float* Modulated { get; } = modulated;

    public bool IsModulation => Modulated != null;

    /// <summary>True when the output transform can apply <paramref name="epilogue"/> itself (Relu, LeakyRelu with 0 ≤ α ≤ 1).</summary>
    public static bool CanFuse(ConvolutionEpilogue epilogue) =>
        epilogue.Activation is null or UnaryOp.Relu || (epilogue.Activation is UnaryOp.LeakyRelu && epilogue.Alpha is >= 0f and <= 1f);

    /// <summary>
    /// The epilogue of the outputs from element <paramref name="index"/> on: z (z_γ when modulating) and z_β.
    /// </summary>
    public T Apply<T>(T z, T beta, long index) where T : struct, ILanes<T>
    {
        if (Modulated != null)
            return T.Load(Modulated + index) * (z + T.Broadcast(1f)) + beta;
        if (Activation == UnaryOp.Relu)
            z = T.Relu(z);
        else if (Activation == UnaryOp.LeakyRelu)
            z = T.LeakyRelu(z, Alpha);
        return Residual == null ? z : z + T.Load(Residual + index);
    }
}

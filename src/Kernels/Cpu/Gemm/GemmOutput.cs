namespace KDTalker.Kernels.Cpu.Gemm;

/// <summary>
/// Where a GEMM writes C (row-major, row stride <see cref="Stride"/>) and the bias fused into its first
/// store: one value per row (convolution channels) and/or one per column (Linear features), or null.
/// </summary>
internal readonly unsafe struct GemmOutput(float* pointer, long stride, float* rowBias, float* columnBias)
{
    public float* Pointer { get; } = pointer;

    public long Stride { get; } = stride;

    public float* RowBias { get; } = rowBias;

    public float* ColumnBias { get; } = columnBias;

    /// <summary>Bias of element [row, column].</summary>
    public float Bias(int row, int column) =>
        (RowBias == null ? 0f : RowBias[row]) + (ColumnBias == null ? 0f : ColumnBias[column]);
}

namespace KDTalker.Kernels.Cpu.Gemm;

/// <summary>
/// A register-blocked GEMM micro-kernel: one <see cref="Rows"/>×<see cref="Columns"/> tile of C from a
/// packed A panel (for each k, Rows values) and a packed B panel (for each k, Columns values).
/// </summary>
internal unsafe interface IMicroKernel
{
    /// <summary>MR: rows of A per panel and of the C tile.</summary>
    static abstract int Rows { get; }

    /// <summary>NR: columns of B per panel and of the C tile.</summary>
    static abstract int Columns { get; }

    /// <summary>
    /// dst = src + Apanel·Bpanel over <paramref name="depth"/> steps, where src is a tile with row stride
    /// <paramref name="sourceStride"/> or zero when null. src may alias dst (accumulate in place).
    /// </summary>
    static abstract void Run(int depth, float* packedA, float* packedB, float* source, int sourceStride, float* destination, int destinationStride);
}

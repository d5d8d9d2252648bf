namespace KDTalker.Kernels.Cpu.Gemm;

/// <summary>
/// The left operand A (M×K) of a GEMM, packed on demand into MR-row panels: panel by panel, for each
/// k the MR values A[m0 + r, k0 + k] (rows past M are zero). Implementations read their own layout.
/// </summary>
internal unsafe interface IPackA
{
    void PackA(int m0, int mc, int k0, int kc, int mr, float* destination);
}

/// <summary>
/// The right operand B (K×N) of a GEMM, packed on demand into NR-column panels: panel by panel, for
/// each k the NR values B[k0 + k, n0 + j] (columns past N are zero). Convolutions implement this with
/// im2col indexing, so the im2col matrix is never materialised.
/// </summary>
internal unsafe interface IPackB
{
    void PackB(int k0, int kc, int n0, int nc, int nr, float* destination);
}

namespace KDTalker.Kernels.Cpu.Gemm;

/// <summary>
/// Entry point of the float32 GEMM: picks the micro-kernel for the backend's SIMD level (the 512-bit
/// kernel doubles the FMA peak on CPUs with full-width AVX-512, such as Zen 5).
/// </summary>
internal static unsafe class Sgemm
{
    /// <summary>Below this many multiply-adds per item, a batch is split across threads item by item.</summary>
    private const long SmallItemMacs = 1L << 22;

    /// <summary>C[m×n] = A[m×k]·B[k×n] + bias on the backend's threads, or serially when <paramref name="parallel"/> is false.</summary>
    public static void Run<TSource>(CpuBackend backend, bool parallel, StridedMatrix a, TSource b, int m, int n, int k, GemmOutput c)
        where TSource : struct, IPanelSource
    {
        switch (backend.Simd)
        {
            case SimdLevel.Vector512:
                BlockedGemm<MicroKernel6x32, TSource>.Run(backend, parallel, a, b, m, n, k, c);
                break;
            case SimdLevel.Vector256:
                BlockedGemm<MicroKernel6x16, TSource>.Run(backend, parallel, a, b, m, n, k, c);
                break;
            case SimdLevel.Vector128:
                BlockedGemm<MicroKernel6x8, TSource>.Run(backend, parallel, a, b, m, n, k, c);
                break;
            default:
                BlockedGemm<MicroKernel4x4, TSource>.Run(backend, parallel, a, b, m, n, k, c);
                break;
        }
    }

    /// <summary>
    /// True when a batch of <paramref name="items"/> independent GEMMs should run one item per thread
    /// (each serial) rather than one item at a time on all threads: many items, or small ones.
    /// </summary>
    public static bool SplitByItem(CpuBackend backend, int items, long macsPerItem) =>
        backend.Threads > 1 && items >= backend.Threads && (items >= 4 * backend.Threads || macsPerItem < SmallItemMacs);
}

using System.Buffers;
using System.Runtime.CompilerServices;

namespace KDTalker.Kernels.Cpu.Gemm;

/// <summary>
/// Goto-style blocked GEMM, C (M×N, row stride ldc) = A·B (+ bias per column): for each NC-column
/// block and KC-deep slice, B is packed once (in parallel) into NR-wide panels that live in L3; each
/// task packs an MC×KC block of A (L2) and walks the B panels (L1) against it with the micro-kernel.
/// MC ≤ 144 and NC ≤ 4096 are chosen so the blocks come out equal in size.
/// Tasks split M blocks and, when M is small, N panels too, so every core has work. With
/// <c>accumulateIntoC</c> the product is added to C's current contents (convolutions pre-fill their bias).
/// </summary>
internal static unsafe class GemmDriver
{
    private const int KC = 384, MaxMC = 144, MaxNC = 4096;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TA, TB>(CpuBackend backend, int m, int n, int k, TA a, TB b, float* c, int ldc, float* bias, bool accumulateIntoC = false)
        where TA : IPackA where TB : IPackB
    {
        if (m == 0 || n == 0)
            return;
        var tile = MicroTile.For(backend.Simd);
        if (k == 0)
        {
            if (accumulateIntoC)
                return;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                    c[(long)i * ldc + j] = bias == null ? 0f : bias[j];
            return;
        }
        // Equal blocks rather than full blocks and a ragged last one, so the threads finish together.
        int nc0 = RoundUp(DivideUp(n, DivideUp(n, MaxNC)), tile.NR);
        int mc0 = RoundUp(DivideUp(m, DivideUp(m, MaxMC)), tile.MR);
        var rentedB = ArrayPool<float>.Shared.Rent(KC * nc0); // pooled: no fresh pages to fault in per call
        try
        {
            fixed (float* packedB = rentedB)
                for (int jc = 0; jc < n; jc += nc0)
                {
                    int nc = Math.Min(nc0, n - jc);
                    int panels = (nc + tile.NR - 1) / tile.NR;
                    for (int pc = 0; pc < k; pc += KC)
                    {
                        int kc = Math.Min(KC, k - pc);
                        PackBlockOfB(backend, b, pc, kc, jc, nc, panels, tile.NR, packedB);
                        ComputeBlock(backend, a, tile, m, mc0, jc, nc, panels, pc, kc, packedB, c, ldc, bias, accumulateIntoC || pc > 0);
                    }
                }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rentedB);
        }
    }

    private static void PackBlockOfB<TB>(CpuBackend backend, TB b, int pc, int kc, int jc, int nc, int panels, int nr, float* packedB) where TB : IPackB
    {
        int chunks = Math.Min(panels, backend.Threads * 2);
        backend.For(chunks, chunk =>
        {
            int first = panels * chunk / chunks, last = panels * (chunk + 1) / chunks;
            int n0 = first * nr, columns = Math.Min(nc, last * nr) - n0;
            if (columns > 0)
                b.PackB(pc, kc, jc + n0, columns, nr, packedB + (long)first * nr * kc);
        });
    }

    private static void ComputeBlock<TA>(CpuBackend backend, TA a, MicroTile tile, int m, int mc0, int jc, int nc, int panels, int pc, int kc,
        float* packedB, float* c, int ldc, float* bias, bool accumulate) where TA : IPackA
    {
        int mBlocks = DivideUp(m, mc0);
        int nChunks = Math.Clamp((4 * backend.Threads + mBlocks - 1) / mBlocks, 1, panels);
        backend.For(mBlocks * nChunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (task) =>
        {
            int mBlock = task / nChunks, chunk = task % nChunks;
            int m0 = mBlock * mc0, mc = Math.Min(mc0, m - m0);
            int firstPanel = panels * chunk / nChunks, lastPanel = panels * (chunk + 1) / nChunks;
            var rented = ArrayPool<float>.Shared.Rent(RoundUp(mc, tile.MR) * kc);
            Span<float> edge = stackalloc float[tile.MR * tile.NR];
            fixed (float* packedA = rented)
            fixed (float* scratch = edge)
            {
                a.PackA(m0, mc, pc, kc, tile.MR, packedA);
                for (int panel = firstPanel; panel < lastPanel; panel++)
                {
                    int n0 = panel * tile.NR, columns = Math.Min(tile.NR, nc - n0);
                    float* bPanel = packedB + (long)panel * tile.NR * kc;
                    float* tileBias = bias == null ? null : bias + jc + n0;
                    for (int i = 0; i < mc; i += tile.MR)
                    {
                        int rows = Math.Min(tile.MR, mc - i);
                        float* cTile = c + (long)(m0 + i) * ldc + jc + n0;
                        if (rows == tile.MR && columns == tile.NR)
                        {
                            tile.Kernel(kc, packedA + (long)i * kc, bPanel, cTile, ldc, accumulate, tileBias);
                            continue;
                        }
                        tile.Kernel(kc, packedA + (long)i * kc, bPanel, scratch, tile.NR, false, null);
                        for (int r = 0; r < rows; r++)
                            for (int j = 0; j < columns; j++)
                            {
                                float value = scratch[r * tile.NR + j];
                                float* target = cTile + (long)r * ldc + j;
                                *target = accumulate ? *target + value : value + (tileBias == null ? 0f : tileBias[j]);
                            }
                    }
                }
            }
            ArrayPool<float>.Shared.Return(rented);
        });
    }

    private static int RoundUp(int value, int multiple) => DivideUp(value, multiple) * multiple;

    private static int DivideUp(int value, int divisor) => (value + divisor - 1) / divisor;
}

/// <summary>The micro-kernel of a SIMD level and its tile shape.</summary>
internal readonly unsafe struct MicroTile(int mr, int nr, delegate*<int, float*, float*, float*, int, bool, float*, void> kernel)
{
    public int MR { get; } = mr;

    public int NR { get; } = nr;

    public delegate*<int, float*, float*, float*, int, bool, float*, void> Kernel { get; } = kernel;

    public static MicroTile For(SimdLevel level) => level switch
    {
        SimdLevel.Vector512 => new MicroTile(12, 32, &MicroKernels.Tile12x32),
        SimdLevel.Vector256 => new MicroTile(6, 16, &MicroKernels.Tile6x16),
        SimdLevel.Vector128 => new MicroTile(6, 8, &MicroKernels.Tile6x8),
        _ => new MicroTile(4, 4, &MicroKernels.Tile4x4),
    };
}

using ILGPU;

namespace KDTalker.Kernels.Gpu.Kernels;

/// <summary>
/// The register-blocked inner step shared by the tiled GEMM and the implicit-GEMM convolution. A group of
/// 16×16 threads owns a 64×64 output tile; per K step of 16 it stages a 16×64 slice of A (stored k-major, so a
/// thread's four rows are one broadcast read apart) and of B in shared memory, rows padded to <see cref="Stride"/> so
/// that staging a transposed operand column by column does not hit one bank, and each thread accumulates a 4×4
/// register block: rows ty + 16·i, columns tx + 16·j, a layout without shared-memory bank conflicts.
/// </summary>
internal struct GemmTile
{
    public const int Tile = 64, Step = 16, Threads = 16, Loads = Tile * Step / (Threads * Threads);

    /// <summary>Shared-memory row pitch of a staged slice, and the slice's size.</summary>
    public const int Stride = Tile + 1, SliceSize = Step * Stride;

    private float _c00, _c01, _c02, _c03, _c10, _c11, _c12, _c13, _c20, _c21, _c22, _c23, _c30, _c31, _c32, _c33;

    /// <summary>Accumulates one K step from the staged slices <paramref name="a"/> [k][m] and <paramref name="b"/> [k][n].</summary>
    public void Accumulate(ArrayView<float> a, ArrayView<float> b, int tx, int ty)
    {
        for (int k = 0; k < Step; k++)
        {
            int row = k * Stride;
            float a0 = a[row + ty], a1 = a[row + ty + 16], a2 = a[row + ty + 32], a3 = a[row + ty + 48];
            float b0 = b[row + tx], b1 = b[row + tx + 16], b2 = b[row + tx + 32], b3 = b[row + tx + 48];
            _c00 += a0 * b0; _c01 += a0 * b1; _c02 += a0 * b2; _c03 += a0 * b3;
            _c10 += a1 * b0; _c11 += a1 * b1; _c12 += a1 * b2; _c13 += a1 * b3;
            _c20 += a2 * b0; _c21 += a2 * b1; _c22 += a2 * b2; _c23 += a2 * b3;
            _c30 += a3 * b0; _c31 += a3 * b1; _c32 += a3 * b2; _c33 += a3 * b3;
        }
    }

    /// <summary>The accumulator for row ty + 16·<paramref name="i"/>, column tx + 16·<paramref name="j"/>.</summary>
    public readonly float Get(int i, int j)
    {
        switch (i * 4 + j)
        {
            case 0: return _c00;
            case 1: return _c01;
            case 2: return _c02;
            case 3: return _c03;
            case 4: return _c10;
            case 5: return _c11;
            case 6: return _c12;
            case 7: return _c13;
            case 8: return _c20;
            case 9: return _c21;
            case 10: return _c22;
            case 11: return _c23;
            case 12: return _c30;
            case 13: return _c31;
            case 14: return _c32;
            default: return _c33;
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using KDTalker.Kernels.Cpu.Elementwise;

namespace KDTalker.Kernels.Cpu.Gemm;

/// <summary>
/// Register-blocked GEMM micro-kernels: an MR×NR tile of C += Ã·B̃ over kc steps of packed panels
/// (Ã: MR values per k, B̃: NR values per k), all accumulators in registers. The first k-block
/// overwrites C (adding the bias); later ones accumulate.
/// </summary>
internal static unsafe class MicroKernels
{
    /// <summary>
    /// 12×32 tile, 24 Vector512 accumulators (AVX-512 has 32 registers): per k, two B loads and twelve
    /// broadcasts feed 24 FMAs, enough independent chains to keep two 512-bit FMA pipes busy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile12x32(int kc, float* a, float* b, float* c, int ldc, bool accumulate, float* bias)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default;
        Vector512<float> c90 = default, c91 = default, cA0 = default, cA1 = default, cB0 = default, cB1 = default;
        for (int k = 0; k < kc; k++, a += 12, b += 32)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var ai = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(ai, b0, c00); c01 = Avx512F.FusedMultiplyAdd(ai, b1, c01);
            ai = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(ai, b0, c10); c11 = Avx512F.FusedMultiplyAdd(ai, b1, c11);
            ai = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(ai, b0, c20); c21 = Avx512F.FusedMultiplyAdd(ai, b1, c21);
            ai = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(ai, b0, c30); c31 = Avx512F.FusedMultiplyAdd(ai, b1, c31);
            ai = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(ai, b0, c40); c41 = Avx512F.FusedMultiplyAdd(ai, b1, c41);
            ai = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(ai, b0, c50); c51 = Avx512F.FusedMultiplyAdd(ai, b1, c51);
            ai = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(ai, b0, c60); c61 = Avx512F.FusedMultiplyAdd(ai, b1, c61);
            ai = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(ai, b0, c70); c71 = Avx512F.FusedMultiplyAdd(ai, b1, c71);
            ai = Vector512.Create(a[8]);
            c80 = Avx512F.FusedMultiplyAdd(ai, b0, c80); c81 = Avx512F.FusedMultiplyAdd(ai, b1, c81);
            ai = Vector512.Create(a[9]);
            c90 = Avx512F.FusedMultiplyAdd(ai, b0, c90); c91 = Avx512F.FusedMultiplyAdd(ai, b1, c91);
            ai = Vector512.Create(a[10]);
            cA0 = Avx512F.FusedMultiplyAdd(ai, b0, cA0); cA1 = Avx512F.FusedMultiplyAdd(ai, b1, cA1);
            ai = Vector512.Create(a[11]);
            cB0 = Avx512F.FusedMultiplyAdd(ai, b0, cB0); cB1 = Avx512F.FusedMultiplyAdd(ai, b1, cB1);
        }
        Vector512<float> bias0 = default, bias1 = default;
        if (!accumulate && bias != null)
        {
            bias0 = Vector512.Load(bias);
            bias1 = Vector512.Load(bias + 16);
        }
        Store512(c, accumulate, c00 + bias0, c01 + bias1);
        Store512(c + ldc, accumulate, c10 + bias0, c11 + bias1);
        Store512(c + 2 * ldc, accumulate, c20 + bias0, c21 + bias1);
        Store512(c + 3 * ldc, accumulate, c30 + bias0, c31 + bias1);
        Store512(c + 4 * ldc, accumulate, c40 + bias0, c41 + bias1);
        Store512(c + 5 * ldc, accumulate, c50 + bias0, c51 + bias1);
        Store512(c + 6 * ldc, accumulate, c60 + bias0, c61 + bias1);
        Store512(c + 7 * ldc, accumulate, c70 + bias0, c71 + bias1);
        Store512(c + 8 * ldc, accumulate, c80 + bias0, c81 + bias1);
        Store512(c + 9 * ldc, accumulate, c90 + bias0, c91 + bias1);
        Store512(c + 10 * ldc, accumulate, cA0 + bias0, cA1 + bias1);
        Store512(c + 11 * ldc, accumulate, cB0 + bias0, cB1 + bias1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(float* row, bool accumulate, Vector512<float> left, Vector512<float> right)
    {
        if (accumulate)
        {
            left += Vector512.Load(row);
            right += Vector512.Load(row + 16);
        }
        left.Store(row);
        right.Store(row + 16);
    }

    /// <summary>6×16 tile, 12 Vector256 accumulators, broadcast + FMA (AVX2/FMA).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile6x16(int kc, float* a, float* b, float* c, int ldc, bool accumulate, float* bias)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int k = 0; k < kc; k++, a += 6, b += 16)
        {
            var b0 = Avx.LoadVector256(b);
            var b1 = Avx.LoadVector256(b + 8);
            var ai = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(ai, b0, c00); c01 = Fma.MultiplyAdd(ai, b1, c01);
            ai = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(ai, b0, c10); c11 = Fma.MultiplyAdd(ai, b1, c11);
            ai = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(ai, b0, c20); c21 = Fma.MultiplyAdd(ai, b1, c21);
            ai = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(ai, b0, c30); c31 = Fma.MultiplyAdd(ai, b1, c31);
            ai = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(ai, b0, c40); c41 = Fma.MultiplyAdd(ai, b1, c41);
            ai = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(ai, b0, c50); c51 = Fma.MultiplyAdd(ai, b1, c51);
        }
        Vector256<float> bias0 = default, bias1 = default;
        if (!accumulate && bias != null)
        {
            bias0 = Avx.LoadVector256(bias);
            bias1 = Avx.LoadVector256(bias + 8);
        }
        Store256(c, accumulate, c00 + bias0, c01 + bias1);
        Store256(c + ldc, accumulate, c10 + bias0, c11 + bias1);
        Store256(c + 2 * ldc, accumulate, c20 + bias0, c21 + bias1);
        Store256(c + 3 * ldc, accumulate, c30 + bias0, c31 + bias1);
        Store256(c + 4 * ldc, accumulate, c40 + bias0, c41 + bias1);
        Store256(c + 5 * ldc, accumulate, c50 + bias0, c51 + bias1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(float* row, bool accumulate, Vector256<float> left, Vector256<float> right)
    {
        if (accumulate)
        {
            left += Avx.LoadVector256(row);
            right += Avx.LoadVector256(row + 8);
        }
        Avx.Store(row, left);
        Avx.Store(row + 8, right);
    }

    /// <summary>6×8 tile, 12 Vector128 accumulators (SSE / NEON); fused multiply-add where the hardware has it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile6x8(int kc, float* a, float* b, float* c, int ldc, bool accumulate, float* bias)
    {
        Vector128<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector128<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int k = 0; k < kc; k++, a += 6, b += 8)
        {
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + 4);
            var ai = Vector128.Create(a[0]);
            c00 = Fused.MultiplyAdd(ai, b0, c00); c01 = Fused.MultiplyAdd(ai, b1, c01);
            ai = Vector128.Create(a[1]);
            c10 = Fused.MultiplyAdd(ai, b0, c10); c11 = Fused.MultiplyAdd(ai, b1, c11);
            ai = Vector128.Create(a[2]);
            c20 = Fused.MultiplyAdd(ai, b0, c20); c21 = Fused.MultiplyAdd(ai, b1, c21);
            ai = Vector128.Create(a[3]);
            c30 = Fused.MultiplyAdd(ai, b0, c30); c31 = Fused.MultiplyAdd(ai, b1, c31);
            ai = Vector128.Create(a[4]);
            c40 = Fused.MultiplyAdd(ai, b0, c40); c41 = Fused.MultiplyAdd(ai, b1, c41);
            ai = Vector128.Create(a[5]);
            c50 = Fused.MultiplyAdd(ai, b0, c50); c51 = Fused.MultiplyAdd(ai, b1, c51);
        }
        Vector128<float> bias0 = default, bias1 = default;
        if (!accumulate && bias != null)
        {
            bias0 = Vector128.Load(bias);
            bias1 = Vector128.Load(bias + 4);
        }
        Store128(c, accumulate, c00 + bias0, c01 + bias1);
        Store128(c + ldc, accumulate, c10 + bias0, c11 + bias1);
        Store128(c + 2 * ldc, accumulate, c20 + bias0, c21 + bias1);
        Store128(c + 3 * ldc, accumulate, c30 + bias0, c31 + bias1);
        Store128(c + 4 * ldc, accumulate, c40 + bias0, c41 + bias1);
        Store128(c + 5 * ldc, accumulate, c50 + bias0, c51 + bias1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store128(float* row, bool accumulate, Vector128<float> left, Vector128<float> right)
    {
        if (accumulate)
        {
            left += Vector128.Load(row);
            right += Vector128.Load(row + 4);
        }
        left.Store(row);
        right.Store(row + 4);
    }

    /// <summary>4×4 tile in scalar registers, for CPUs without SIMD.</summary>
    public static void Tile4x4(int kc, float* a, float* b, float* c, int ldc, bool accumulate, float* bias)
    {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int k = 0; k < kc; k++, a += 4, b += 4)
        {
            float b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            float a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        StoreScalar(c, accumulate, bias, c00, c01, c02, c03);
        StoreScalar(c + ldc, accumulate, bias, c10, c11, c12, c13);
        StoreScalar(c + 2 * ldc, accumulate, bias, c20, c21, c22, c23);
        StoreScalar(c + 3 * ldc, accumulate, bias, c30, c31, c32, c33);
    }

    private static void StoreScalar(float* row, bool accumulate, float* bias, float v0, float v1, float v2, float v3)
    {
        if (accumulate)
        {
            row[0] += v0; row[1] += v1; row[2] += v2; row[3] += v3;
        }
        else if (bias != null)
        {
            row[0] = v0 + bias[0]; row[1] = v1 + bias[1]; row[2] = v2 + bias[2]; row[3] = v3 + bias[3];
        }
        else
        {
            row[0] = v0; row[1] = v1; row[2] = v2; row[3] = v3;
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KDTalker.Kernels.Cpu.Gemm;

/// <summary>
/// AVX-512 micro-kernel: a 6×32 tile in 12 zmm accumulators; each k step broadcasts 6 A values and
/// issues 12 FMAs against two 16-wide B vectors. Used where 512-bit FMAs run at full width (Zen 5,
/// Intel server cores), where they double the 256-bit throughput.
/// </summary>
internal unsafe struct MicroKernel6x32 : IMicroKernel
{
    public static int Rows => 6;

    public static int Columns => 32;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int depth, float* packedA, float* packedB, float* source, int sourceStride, float* destination, int destinationStride)
    {
        Vector512<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (source == null)
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector512<float>.Zero;
        }
        else
        {
            float* s = source;
            c00 = Avx512F.LoadVector512(s); c01 = Avx512F.LoadVector512(s + 16); s += sourceStride;
            c10 = Avx512F.LoadVector512(s); c11 = Avx512F.LoadVector512(s + 16); s += sourceStride;
            c20 = Avx512F.LoadVector512(s); c21 = Avx512F.LoadVector512(s + 16); s += sourceStride;
            c30 = Avx512F.LoadVector512(s); c31 = Avx512F.LoadVector512(s + 16); s += sourceStride;
            c40 = Avx512F.LoadVector512(s); c41 = Avx512F.LoadVector512(s + 16); s += sourceStride;
            c50 = Avx512F.LoadVector512(s); c51 = Avx512F.LoadVector512(s + 16);
        }

        float* a = packedA, b = packedB;
        for (int p = 0; p < depth; p++)
        {
            var b0 = Avx512F.LoadAlignedVector512(b);
            var b1 = Avx512F.LoadAlignedVector512(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00); c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10); c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20); c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30); c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40); c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50); c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
            a += 6;
            b += 32;
        }

        float* d = destination;
        Avx512F.Store(d, c00); Avx512F.Store(d + 16, c01); d += destinationStride;
        Avx512F.Store(d, c10); Avx512F.Store(d + 16, c11); d += destinationStride;
        Avx512F.Store(d, c20); Avx512F.Store(d + 16, c21); d += destinationStride;
        Avx512F.Store(d, c30); Avx512F.Store(d + 16, c31); d += destinationStride;
        Avx512F.Store(d, c40); Avx512F.Store(d + 16, c41); d += destinationStride;
        Avx512F.Store(d, c50); Avx512F.Store(d + 16, c51);
    }
}

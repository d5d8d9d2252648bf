using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KDTalker.Kernels.Cpu.Gemm;

/// <summary>
/// AVX2+FMA micro-kernel: a 6×16 tile in 12 ymm accumulators; each k step broadcasts 6 A values and
/// issues 12 FMAs against two 8-wide B vectors.
/// </summary>
internal unsafe struct MicroKernel6x16 : IMicroKernel
{
    public static int Rows => 6;

    public static int Columns => 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int depth, float* packedA, float* packedB, float* source, int sourceStride, float* destination, int destinationStride)
    {
        Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (source == null)
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector256<float>.Zero;
        }
        else
        {
            float* s = source;
            c00 = Avx.LoadVector256(s); c01 = Avx.LoadVector256(s + 8); s += sourceStride;
            c10 = Avx.LoadVector256(s); c11 = Avx.LoadVector256(s + 8); s += sourceStride;
            c20 = Avx.LoadVector256(s); c21 = Avx.LoadVector256(s + 8); s += sourceStride;
            c30 = Avx.LoadVector256(s); c31 = Avx.LoadVector256(s + 8); s += sourceStride;
            c40 = Avx.LoadVector256(s); c41 = Avx.LoadVector256(s + 8); s += sourceStride;
            c50 = Avx.LoadVector256(s); c51 = Avx.LoadVector256(s + 8);
        }

        float* a = packedA, b = packedB;
        for (int p = 0; p < depth; p++)
        {
            var b0 = Avx.LoadAlignedVector256(b);
            var b1 = Avx.LoadAlignedVector256(b + 8);
            var a0 = Avx.BroadcastScalarToVector256(a);
            c00 = Fma.MultiplyAdd(a0, b0, c00); c01 = Fma.MultiplyAdd(a0, b1, c01);
            var a1 = Avx.BroadcastScalarToVector256(a + 1);
            c10 = Fma.MultiplyAdd(a1, b0, c10); c11 = Fma.MultiplyAdd(a1, b1, c11);
            var a2 = Avx.BroadcastScalarToVector256(a + 2);
            c20 = Fma.MultiplyAdd(a2, b0, c20); c21 = Fma.MultiplyAdd(a2, b1, c21);
            var a3 = Avx.BroadcastScalarToVector256(a + 3);
            c30 = Fma.MultiplyAdd(a3, b0, c30); c31 = Fma.MultiplyAdd(a3, b1, c31);
            var a4 = Avx.BroadcastScalarToVector256(a + 4);
            c40 = Fma.MultiplyAdd(a4, b0, c40); c41 = Fma.MultiplyAdd(a4, b1, c41);
            var a5 = Avx.BroadcastScalarToVector256(a + 5);
            c50 = Fma.MultiplyAdd(a5, b0, c50); c51 = Fma.MultiplyAdd(a5, b1, c51);
            a += 6;
            b += 16;
        }

        float* d = destination;
        Avx.Store(d, c00); Avx.Store(d + 8, c01); d += destinationStride;
        Avx.Store(d, c10); Avx.Store(d + 8, c11); d += destinationStride;
        Avx.Store(d, c20); Avx.Store(d + 8, c21); d += destinationStride;
        Avx.Store(d, c30); Avx.Store(d + 8, c31); d += destinationStride;
        Avx.Store(d, c40); Avx.Store(d + 8, c41); d += destinationStride;
        Avx.Store(d, c50); Avx.Store(d + 8, c51);
    }
}

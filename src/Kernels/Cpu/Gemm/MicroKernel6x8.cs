using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace KDTalker.Kernels.Cpu.Gemm;

/// <summary>
/// 128-bit micro-kernel (SSE, Arm NEON): a 6×8 tile in 12 Vector128 accumulators. Uses fused
/// multiply-add where the hardware has it, else multiply then add.
/// </summary>
internal unsafe struct MicroKernel6x8 : IMicroKernel
{
    private static readonly bool HasFma = Fma.IsSupported || AdvSimd.IsSupported;

    public static int Rows => 6;

    public static int Columns => 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
        HasFma ? Vector128.FusedMultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int depth, float* packedA, float* packedB, float* source, int sourceStride, float* destination, int destinationStride)
    {
        Vector128<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (source == null)
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector128<float>.Zero;
        }
        else
        {
            float* s = source;
            c00 = Vector128.Load(s); c01 = Vector128.Load(s + 4); s += sourceStride;
            c10 = Vector128.Load(s); c11 = Vector128.Load(s + 4); s += sourceStride;
            c20 = Vector128.Load(s); c21 = Vector128.Load(s + 4); s += sourceStride;
            c30 = Vector128.Load(s); c31 = Vector128.Load(s + 4); s += sourceStride;
            c40 = Vector128.Load(s); c41 = Vector128.Load(s + 4); s += sourceStride;
            c50 = Vector128.Load(s); c51 = Vector128.Load(s + 4);
        }

        float* a = packedA, b = packedB;
        for (int p = 0; p < depth; p++)
        {
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + 4);
            var a0 = Vector128.Create(a[0]);
            c00 = MultiplyAdd(a0, b0, c00); c01 = MultiplyAdd(a0, b1, c01);
            var a1 = Vector128.Create(a[1]);
            c10 = MultiplyAdd(a1, b0, c10); c11 = MultiplyAdd(a1, b1, c11);
            var a2 = Vector128.Create(a[2]);
            c20 = MultiplyAdd(a2, b0, c20); c21 = MultiplyAdd(a2, b1, c21);
            var a3 = Vector128.Create(a[3]);
            c30 = MultiplyAdd(a3, b0, c30); c31 = MultiplyAdd(a3, b1, c31);
            var a4 = Vector128.Create(a[4]);
            c40 = MultiplyAdd(a4, b0, c40); c41 = MultiplyAdd(a4, b1, c41);
            var a5 = Vector128.Create(a[5]);
            c50 = MultiplyAdd(a5, b0, c50); c51 = MultiplyAdd(a5, b1, c51);
            a += 6;
            b += 8;
        }

        float* d = destination;
        c00.Store(d); c01.Store(d + 4); d += destinationStride;
        c10.Store(d); c11.Store(d + 4); d += destinationStride;
        c20.Store(d); c21.Store(d + 4); d += destinationStride;
        c30.Store(d); c31.Store(d + 4); d += destinationStride;
        c40.Store(d); c41.Store(d + 4); d += destinationStride;
        c50.Store(d); c51.Store(d + 4);
    }
}

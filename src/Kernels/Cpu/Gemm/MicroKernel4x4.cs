using System.Runtime.CompilerServices;

namespace KDTalker.Kernels.Cpu.Gemm;

/// <summary>Portable scalar micro-kernel: a 4×4 tile in 16 scalar accumulators.</summary>
internal unsafe struct MicroKernel4x4 : IMicroKernel
{
    public static int Rows => 4;

    public static int Columns => 4;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int depth, float* packedA, float* packedB, float* source, int sourceStride, float* destination, int destinationStride)
    {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        float* a = packedA, b = packedB;
        for (int p = 0; p < depth; p++)
        {
            float b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            float a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            a += 4;
            b += 4;
        }
        Store(source, sourceStride, destination, destinationStride, 0, c00, c01, c02, c03);
        Store(source, sourceStride, destination, destinationStride, 1, c10, c11, c12, c13);
        Store(source, sourceStride, destination, destinationStride, 2, c20, c21, c22, c23);
        Store(source, sourceStride, destination, destinationStride, 3, c30, c31, c32, c33);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* source, int sourceStride, float* destination, int destinationStride, int row, float v0, float v1, float v2, float v3)
    {
        float* d = destination + row * destinationStride;
        if (source != null)
        {
            float* s = source + row * sourceStride;
            v0 += s[0]; v1 += s[1]; v2 += s[2]; v3 += s[3];
        }
        d[0] = v0; d[1] = v1; d[2] = v2; d[3] = v3;
    }
}

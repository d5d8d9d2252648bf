using System.Runtime.Intrinsics;

namespace KDTalker.Kernels.Cpu.Attention;

/// <summary>Short-vector helpers (a few hundred floats): dot product, y += a·x, y ·= a, at the backend's SIMD level.</summary>
internal static unsafe class Vectors
{
    public static void Clear(float* y, int n) => new Span<float>(y, n).Clear();

    public static float Dot(float* a, float* b, int n, SimdLevel simd)
    {
        int i = 0;
        float sum = 0;
        if (simd == SimdLevel.Vector512 && n >= 16)
        {
            var acc = Vector512<float>.Zero;
            for (; i + 16 <= n; i += 16)
                acc = Vector512.FusedMultiplyAdd(Vector512.Load(a + i), Vector512.Load(b + i), acc);
            sum = Vector512.Sum(acc);
        }
        else if (simd >= SimdLevel.Vector256 && n >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; i + 8 <= n; i += 8)
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(a + i), Vector256.Load(b + i), acc);
            sum = Vector256.Sum(acc);
        }
        else if (simd == SimdLevel.Vector128 && n >= 4)
        {
            var acc = Vector128<float>.Zero;
            for (; i + 4 <= n; i += 4)
                acc += Vector128.Load(a + i) * Vector128.Load(b + i);
            sum = Vector128.Sum(acc);
        }
        for (; i < n; i++)
            sum += a[i] * b[i];
        return sum;
    }

    public static void AddScaled(float* y, float* x, float a, int n, SimdLevel simd)
    {
        int i = 0;
        if (simd == SimdLevel.Vector512)
            for (var va = Vector512.Create(a); i + 16 <= n; i += 16)
                Vector512.FusedMultiplyAdd(Vector512.Load(x + i), va, Vector512.Load(y + i)).Store(y + i);
        else if (simd >= SimdLevel.Vector256)
            for (var va = Vector256.Create(a); i + 8 <= n; i += 8)
                Vector256.FusedMultiplyAdd(Vector256.Load(x + i), va, Vector256.Load(y + i)).Store(y + i);
        else if (simd == SimdLevel.Vector128)
            for (var va = Vector128.Create(a); i + 4 <= n; i += 4)
                (Vector128.Load(y + i) + Vector128.Load(x + i) * va).Store(y + i);
        for (; i < n; i++)
            y[i] += a * x[i];
    }

    public static void Scale(float* y, float a, int n, SimdLevel simd)
    {
        int i = 0;
        if (simd >= SimdLevel.Vector256)
            for (var va = Vector256.Create(a); i + 8 <= n; i += 8)
                (Vector256.Load(y + i) * va).Store(y + i);
        else if (simd == SimdLevel.Vector128)
            for (var va = Vector128.Create(a); i + 4 <= n; i += 4)
                (Vector128.Load(y + i) * va).Store(y + i);
        for (; i < n; i++)
            y[i] *= a;
    }
}

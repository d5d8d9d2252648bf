using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using KDTalker.Kernels.Cpu.Elementwise;

namespace KDTalker.Kernels.Cpu.Attention;

/// <summary>The attention kernel's short-vector steps at the backend's SIMD level (scalar tails everywhere).</summary>
internal static unsafe class Vectors
{
    public static void Clear(float* y, int n) => new Span<float>(y, n).Clear();

    /// <summary>
    /// scores[j] = Σ_f query[f]·panel[f, j] for j &lt; count: broadcast one query value, multiply-add four vectors of
    /// keys at once (four independent accumulator chains hide the FMA latency).
    /// </summary>
    public static void Scores(float* query, float* panel, int panelStride, int depth, float* scores, int count, SimdLevel simd)
    {
        int j = 0;
        if (simd == SimdLevel.Vector512)
        {
            for (; j + 64 <= count; j += 64)
            {
                Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
                for (int f = 0; f < depth; f++)
                {
                    var qf = Vector512.Create(query[f]);
                    float* row = panel + (long)f * panelStride + j;
                    s0 = Vector512.FusedMultiplyAdd(qf, Vector512.Load(row), s0);
                    s1 = Vector512.FusedMultiplyAdd(qf, Vector512.Load(row + 16), s1);
                    s2 = Vector512.FusedMultiplyAdd(qf, Vector512.Load(row + 32), s2);
                    s3 = Vector512.FusedMultiplyAdd(qf, Vector512.Load(row + 48), s3);
                }
                s0.Store(scores + j);
                s1.Store(scores + j + 16);
                s2.Store(scores + j + 32);
                s3.Store(scores + j + 48);
            }
            for (; j + 16 <= count; j += 16)
            {
                var sum = Vector512<float>.Zero;
                for (int f = 0; f < depth; f++)
                    sum = Vector512.FusedMultiplyAdd(Vector512.Create(query[f]), Vector512.Load(panel + (long)f * panelStride + j), sum);
                sum.Store(scores + j);
            }
        }
        if (simd >= SimdLevel.Vector256)
        {
            for (; j + 32 <= count; j += 32)
            {
                Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
                for (int f = 0; f < depth; f++)
                {
                    var qf = Vector256.Create(query[f]);
                    float* row = panel + (long)f * panelStride + j;
                    s0 = Vector256.FusedMultiplyAdd(qf, Vector256.Load(row), s0);
                    s1 = Vector256.FusedMultiplyAdd(qf, Vector256.Load(row + 8), s1);
                    s2 = Vector256.FusedMultiplyAdd(qf, Vector256.Load(row + 16), s2);
                    s3 = Vector256.FusedMultiplyAdd(qf, Vector256.Load(row + 24), s3);
                }
                s0.Store(scores + j);
                s1.Store(scores + j + 8);
                s2.Store(scores + j + 16);
                s3.Store(scores + j + 24);
            }
            for (; j + 8 <= count; j += 8)
            {
                var sum = Vector256<float>.Zero;
                for (int f = 0; f < depth; f++)
                    sum = Vector256.FusedMultiplyAdd(Vector256.Create(query[f]), Vector256.Load(panel + (long)f * panelStride + j), sum);
                sum.Store(scores + j);
            }
        }
        if (simd >= SimdLevel.Vector128)
            for (; j + 4 <= count; j += 4)
            {
                var sum = Vector128<float>.Zero;
                for (int f = 0; f < depth; f++)
                    sum += Vector128.Create(query[f]) * Vector128.Load(panel + (long)f * panelStride + j);
                sum.Store(scores + j);
            }
        for (; j < count; j++)
        {
            float sum = 0;
            for (int f = 0; f < depth; f++)
                sum += query[f] * panel[(long)f * panelStride + j];
            scores[j] = sum;
        }
    }

    /// <summary>
    /// accumulator += Σ_j weights[j]·values[j] over <paramref name="count"/> value rows. With 512-bit vectors and a
    /// depth of 64 the 64 sums stay in registers, two chains each; otherwise one row at a time.
    /// </summary>
    public static void AccumulateValues(float* accumulator, float* values, int rowStride, float* weights, int count, int depth, SimdLevel simd)
    {
        if (simd == SimdLevel.Vector512 && depth == 64)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
            int j = 0;
            for (; j + 2 <= count; j += 2)
            {
                float* r = values + (long)j * rowStride, s = r + rowStride;
                var w = Vector512.Create(weights[j]);
                var u = Vector512.Create(weights[j + 1]);
                a0 = Vector512.FusedMultiplyAdd(Vector512.Load(r), w, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Load(r + 16), w, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Load(r + 32), w, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Load(r + 48), w, a3);
                b0 = Vector512.FusedMultiplyAdd(Vector512.Load(s), u, b0);
                b1 = Vector512.FusedMultiplyAdd(Vector512.Load(s + 16), u, b1);
                b2 = Vector512.FusedMultiplyAdd(Vector512.Load(s + 32), u, b2);
                b3 = Vector512.FusedMultiplyAdd(Vector512.Load(s + 48), u, b3);
            }
            if (j < count)
            {
                float* r = values + (long)j * rowStride;
                var w = Vector512.Create(weights[j]);
                a0 = Vector512.FusedMultiplyAdd(Vector512.Load(r), w, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Load(r + 16), w, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Load(r + 32), w, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Load(r + 48), w, a3);
            }
            (Vector512.Load(accumulator) + a0 + b0).Store(accumulator);
            (Vector512.Load(accumulator + 16) + a1 + b1).Store(accumulator + 16);
            (Vector512.Load(accumulator + 32) + a2 + b2).Store(accumulator + 32);
            (Vector512.Load(accumulator + 48) + a3 + b3).Store(accumulator + 48);
            return;
        }
        for (int j = 0; j < count; j++)
            AddScaled(accumulator, values + (long)j * rowStride, weights[j], depth, simd);
    }

    public static void Add(float* y, float* x, int n, SimdLevel simd)
    {
        int i = 0;
        if (simd >= SimdLevel.Vector256)
            for (; i + 8 <= n; i += 8)
                (Vector256.Load(y + i) + Vector256.Load(x + i)).Store(y + i);
        for (; i < n; i++)
            y[i] += x[i];
    }

    public static float Max(float* x, int n)
    {
        float max = float.NegativeInfinity;
        for (int i = 0; i < n; i++)
            max = MathF.Max(max, x[i]);
        return max;
    }

    /// <summary>x[i] ← exp(x[i] − shift); returns Σ.</summary>
    public static float ExpShifted(float* x, float shift, int n, SimdLevel simd)
    {
        int i = 0;
        float total = 0;
        if (simd >= SimdLevel.Vector256)
        {
            var sum = Vector256<float>.Zero;
            for (var s = Vector256.Create(shift); i + 8 <= n; i += 8)
            {
                var e = VectorMath.Exp(Vector256.Load(x + i) - s);
                e.Store(x + i);
                sum += e;
            }
            total = Vector256.Sum(sum);
        }
        else if (simd == SimdLevel.Vector128)
        {
            var sum = Vector128<float>.Zero;
            for (var s = Vector128.Create(shift); i + 4 <= n; i += 4)
            {
                var e = VectorMath.Exp(Vector128.Load(x + i) - s);
                e.Store(x + i);
                sum += e;
            }
            total = Vector128.Sum(sum);
        }
        for (; i < n; i++)
        {
            x[i] = MathF.Exp(x[i] - shift);
            total += x[i];
        }
        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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

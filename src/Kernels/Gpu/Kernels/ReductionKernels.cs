using ILGPU;
using ILGPU.Algorithms;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Gpu.Kernels;

/// <summary>
/// Reductions along the middle axis of an (outer, length, inner) layout, one thread group per (outer, inner) output:
/// each thread strides over the axis, then the group combines its partial results in shared memory (a tree of
/// <see cref="GroupSize"/> / 2, / 4, … steps). Variance and the norms take two passes (mean, then squared deviations).
/// Statistics and sums are float32 whatever the storage.
/// </summary>
internal static class ReductionKernels
{
    public const int GroupSize = 128;

    /// <summary>Launch with one group of <see cref="GroupSize"/> threads per output.</summary>
    public static void Reduce<T, E>(ArrayView<T> x, ArrayView<T> y, AxisShape axis, int op)
        where T : unmanaged where E : struct, IElement<T>
    {
        var shared = SharedMemory.Allocate<float>(GroupSize);
        int output = Grid.IdxX, t = Group.IdxX;
        int start = output / axis.Inner * axis.Length * axis.Inner + output % axis.Inner;
        float result;
        if (op == (int)ReduceOp.Max)
        {
            float m = float.NegativeInfinity;
            for (int l = t; l < axis.Length; l += GroupSize)
                m = XMath.Max(m, default(E).Load(x[start + l * axis.Inner]));
            result = GroupMax(m, shared, t);
        }
        else
        {
            float mean = Mean<T, E>(x, start, axis, shared, t);
            if (op == (int)ReduceOp.Variance)
                result = Variance<T, E>(x, start, axis, mean, shared, t);
            else
                result = op == (int)ReduceOp.Mean ? mean : mean * axis.Length;
        }
        if (t == 0)
            y[output] = default(E).Store(result);
    }

    /// <summary>Softmax along the axis: subtract the maximum, exponentiate, divide by the sum.</summary>
    public static void Softmax<T, E>(ArrayView<T> x, ArrayView<T> y, AxisShape axis)
        where T : unmanaged where E : struct, IElement<T>
    {
        var shared = SharedMemory.Allocate<float>(GroupSize);
        int output = Grid.IdxX, t = Group.IdxX;
        int start = output / axis.Inner * axis.Length * axis.Inner + output % axis.Inner;
        float m = float.NegativeInfinity;
        for (int l = t; l < axis.Length; l += GroupSize)
            m = XMath.Max(m, default(E).Load(x[start + l * axis.Inner]));
        m = GroupMax(m, shared, t);
        float sum = 0;
        for (int l = t; l < axis.Length; l += GroupSize)
            sum += XMath.Exp(default(E).Load(x[start + l * axis.Inner]) - m);
        float inverse = 1f / GroupSum(sum, shared, t);
        for (int l = t; l < axis.Length; l += GroupSize)
            y[start + l * axis.Inner] = default(E).Store(XMath.Exp(default(E).Load(x[start + l * axis.Inner]) - m) * inverse);
    }

    /// <summary>
    /// (x − mean)/√(var + eps) along the axis, then ·weight[l] (when <paramref name="affine"/> bit 0 is set) and
    /// + bias[l] (bit 1).
    /// </summary>
    public static void LayerNorm<T, E>(ArrayView<T> x, ArrayView<T> y, ArrayView<T> weight, ArrayView<T> bias, int affine, AxisShape axis, float eps)
        where T : unmanaged where E : struct, IElement<T>
    {
        var shared = SharedMemory.Allocate<float>(GroupSize);
        int output = Grid.IdxX, t = Group.IdxX;
        int start = output / axis.Inner * axis.Length * axis.Inner + output % axis.Inner;
        float mean = Mean<T, E>(x, start, axis, shared, t);
        float scale = XMath.Rsqrt(Variance<T, E>(x, start, axis, mean, shared, t) + eps);
        for (int l = t; l < axis.Length; l += GroupSize)
        {
            int at = start + l * axis.Inner;
            float value = (default(E).Load(x[at]) - mean) * scale;
            if ((affine & 1) != 0)
                value *= default(E).Load(weight[l]);
            if ((affine & 2) != 0)
                value += default(E).Load(bias[l]);
            y[at] = default(E).Store(value);
        }
    }

    /// <summary>GRN step 1 on (N, P, C): norms[n, c] = √Σ_p x[n, p, c]²; one group per (n, c).</summary>
    public static void ChannelNorms<T, E>(ArrayView<T> x, ArrayView<T> norms, int positions, int channels)
        where T : unmanaged where E : struct, IElement<T>
    {
        var shared = SharedMemory.Allocate<float>(GroupSize);
        int output = Grid.IdxX, t = Group.IdxX, n = output / channels, c = output % channels;
        float sum = 0;
        for (int p = t; p < positions; p += GroupSize)
        {
            float v = default(E).Load(x[(n * positions + p) * channels + c]);
            sum += v * v;
        }
        sum = GroupSum(sum, shared, t);
        if (t == 0)
            norms[output] = default(E).Store(XMath.Sqrt(sum));
    }

    /// <summary>GRN step 2: factor[n, c] = norms[n, c] / (mean_c norms[n, c] + eps); one group per n.</summary>
    public static void ResponseFactors<T, E>(ArrayView<T> norms, ArrayView<T> factors, int channels, float eps)
        where T : unmanaged where E : struct, IElement<T>
    {
        var shared = SharedMemory.Allocate<float>(GroupSize);
        int n = Grid.IdxX, t = Group.IdxX;
        float sum = 0;
        for (int c = t; c < channels; c += GroupSize)
            sum += default(E).Load(norms[n * channels + c]);
        float denominator = GroupSum(sum, shared, t) / channels + eps;
        for (int c = t; c < channels; c += GroupSize)
            factors[n * channels + c] = default(E).Store(default(E).Load(norms[n * channels + c]) / denominator);
    }

    /// <summary>GRN step 3: y = γ·(x·factor) + β + x.</summary>
    public static void ApplyResponse<T, E>(Index1D i, ArrayView<T> x, ArrayView<T> y, ArrayView<T> factors, ArrayView<T> gamma, ArrayView<T> beta,
        int positions, int channels)
        where T : unmanaged where E : struct, IElement<T>
    {
        int c = i % channels, n = i / (positions * channels);
        var e = default(E);
        float v = e.Load(x[i]);
        y[i] = e.Store(e.Load(gamma[c]) * (v * e.Load(factors[n * channels + c])) + e.Load(beta[c]) + v);
    }

    private static float Mean<T, E>(ArrayView<T> x, int start, AxisShape axis, ArrayView<float> shared, int t)
        where T : unmanaged where E : struct, IElement<T>
    {
        float sum = 0;
        for (int l = t; l < axis.Length; l += GroupSize)
            sum += default(E).Load(x[start + l * axis.Inner]);
        return GroupSum(sum, shared, t) / axis.Length;
    }

    private static float Variance<T, E>(ArrayView<T> x, int start, AxisShape axis, float mean, ArrayView<float> shared, int t)
        where T : unmanaged where E : struct, IElement<T>
    {
        float sum = 0;
        for (int l = t; l < axis.Length; l += GroupSize)
        {
            float d = default(E).Load(x[start + l * axis.Inner]) - mean;
            sum += d * d;
        }
        return GroupSum(sum, shared, t) / axis.Length;
    }

    /// <summary>The sum of every thread's <paramref name="value"/>, returned to all threads of the group.</summary>
    private static float GroupSum(float value, ArrayView<float> shared, int t)
    {
        shared[t] = value;
        Group.Barrier();
        for (int step = GroupSize / 2; step > 0; step >>= 1)
        {
            if (t < step)
                shared[t] += shared[t + step];
            Group.Barrier();
        }
        float result = shared[0];
        Group.Barrier();
        return result;
    }

    private static float GroupMax(float value, ArrayView<float> shared, int t)
    {
        shared[t] = value;
        Group.Barrier();
        for (int step = GroupSize / 2; step > 0; step >>= 1)
        {
            if (t < step)
                shared[t] = XMath.Max(shared[t], shared[t + step]);
            Group.Barrier();
        }
        float result = shared[0];
        Group.Barrier();
        return result;
    }
}

/// <summary>An (outer, length, inner) view of a contiguous tensor around the reduced axis.</summary>
internal struct AxisShape
{
    public int Outer, Length, Inner;

    public static AxisShape Of(AxisSplit split) => new() { Outer = split.Outer, Length = split.Length, Inner = split.Inner };
}

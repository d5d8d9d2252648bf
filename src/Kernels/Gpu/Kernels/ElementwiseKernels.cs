using ILGPU;
using ILGPU.Algorithms;

namespace KDTalker.Kernels.Gpu.Kernels;

/// <summary>One thread per output element: copies, fills, unary and binary maps, batch norm, pooling, upsampling.</summary>
internal static class ElementwiseKernels
{
    public static void Copy<T, E>(Index1D i, ArrayView<T> source, StridedLayout from, ArrayView<T> target, StridedLayout to)
        where T : unmanaged where E : struct, IElement<T> =>
        target[to.At(i)] = source[from.At(i)];

    public static void Fill<T, E>(Index1D i, ArrayView<T> target, StridedLayout to, float value)
        where T : unmanaged where E : struct, IElement<T> =>
        target[to.At(i)] = default(E).Store(value);

    public static void Unary<T, E>(Index1D i, ArrayView<T> x, ArrayView<T> y, int op, float alpha)
        where T : unmanaged where E : struct, IElement<T> =>
        y[i] = default(E).Store(DeviceMath.Unary(op, default(E).Load(x[i]), alpha));

    public static void Affine<T, E>(Index1D i, ArrayView<T> x, ArrayView<T> y, float scale, float shift)
        where T : unmanaged where E : struct, IElement<T> =>
        y[i] = default(E).Store(default(E).Load(x[i]) * scale + shift);

    public static void Binary<T, E>(Index1D i, ArrayView<T> a, StridedLayout aLayout, ArrayView<T> b, StridedLayout bLayout, ArrayView<T> y, int op)
        where T : unmanaged where E : struct, IElement<T> =>
        y[i] = default(E).Store(DeviceMath.Binary(op, default(E).Load(a[aLayout.At(i)]), default(E).Load(b[bLayout.At(i)])));

    /// <summary>
    /// Inference batch norm on (N, C, plane): y = x·α + β, α = w/√(var + eps), β = b − mean·α; an absent weight is 1
    /// (<paramref name="affine"/> bit 0 clear), an absent bias 0 (bit 1 clear).
    /// </summary>
    public static void BatchNorm<T, E>(Index1D i, ArrayView<T> x, ArrayView<T> y, ArrayView<T> mean, ArrayView<T> variance,
        ArrayView<T> weight, ArrayView<T> bias, int affine, int channels, int plane, float eps)
        where T : unmanaged where E : struct, IElement<T>
    {
        var e = default(E);
        int c = i / plane % channels;
        float w = (affine & 1) != 0 ? e.Load(weight[c]) : 1f, b = (affine & 2) != 0 ? e.Load(bias[c]) : 0f;
        float alpha = w / XMath.Sqrt(e.Load(variance[c]) + eps);
        y[i] = e.Store(e.Load(x[i]) * alpha + (b - e.Load(mean[c]) * alpha));
    }

    /// <summary>Mean over non-overlapping (kD, kH, kW) windows of (planes, D, H, W).</summary>
    public static void AvgPool<T, E>(Index1D i, ArrayView<T> x, ArrayView<T> y, Volume input, Volume window, Volume output)
        where T : unmanaged where E : struct, IElement<T>
    {
        int c = i % output.W, r = i / output.W % output.H, z = i / (output.W * output.H) % output.D, plane = i / output.Count;
        int baseIndex = plane * input.Count;
        float sum = 0;
        for (int a = 0; a < window.D; a++)
            for (int b = 0; b < window.H; b++)
                for (int e = 0; e < window.W; e++)
                    sum += default(E).Load(x[baseIndex + ((z * window.D + a) * input.H + r * window.H + b) * input.W + c * window.W + e]);
        y[i] = default(E).Store(sum * (1f / window.Count));
    }

    /// <summary>Nearest upsampling with PyTorch's legacy index floor(dst·(in/out)) in float32.</summary>
    public static void UpsampleNearest<T, E>(Index1D i, ArrayView<T> x, ArrayView<T> y, Volume input, Volume output)
        where T : unmanaged where E : struct, IElement<T>
    {
        int c = i % output.W, r = i / output.W % output.H, z = i / (output.W * output.H) % output.D, plane = i / output.Count;
        int sz = Source(z, input.D, output.D), sr = Source(r, input.H, output.H), sc = Source(c, input.W, output.W);
        y[i] = x[plane * input.Count + (sz * input.H + sr) * input.W + sc];
    }

    private static int Source(int index, int input, int output) =>
        XMath.Min((int)XMath.Floor(index * ((float)input / output)), input - 1);
}

/// <summary>Spatial sizes (D, H, W) of a volume; D = 1 for images.</summary>
internal struct Volume
{
    public int D, H, W;

    public Volume(int d, int h, int w)
    {
        D = d;
        H = h;
        W = w;
    }

    public readonly int Count => D * H * W;

    /// <summary>(D, H, W) from 2 or 3 trailing spatial sizes.</summary>
    public static Volume Of(ReadOnlySpan<int> spatial) =>
        spatial.Length == 3 ? new Volume(spatial[0], spatial[1], spatial[2]) : new Volume(1, spatial[0], spatial[1]);
}

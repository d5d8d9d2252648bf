using ILGPU;
using ILGPU.Algorithms;

namespace KDTalker.Kernels.Gpu.Kernels;

/// <summary>One thread per output element: copies, fills, unary and binary maps, batch norm, pooling, upsampling.</summary>
internal static class ElementwiseKernels
{
    public static void Copy(Index1D i, ArrayView<float> source, StridedLayout from, ArrayView<float> target, StridedLayout to) =>
        target[to.At(i)] = source[from.At(i)];

    public static void Fill(Index1D i, ArrayView<float> target, StridedLayout to, float value) => target[to.At(i)] = value;

    public static void Unary(Index1D i, ArrayView<float> x, ArrayView<float> y, int op, float alpha) =>
        y[i] = DeviceMath.Unary(op, x[i], alpha);

    public static void Affine(Index1D i, ArrayView<float> x, ArrayView<float> y, float scale, float shift) => y[i] = x[i] * scale + shift;

    public static void Binary(Index1D i, ArrayView<float> a, StridedLayout aLayout, ArrayView<float> b, StridedLayout bLayout, ArrayView<float> y, int op) =>
        y[i] = DeviceMath.Binary(op, a[aLayout.At(i)], b[bLayout.At(i)]);

    /// <summary>Inference batch norm on (N, C, plane): y = x·α + β, α = w/√(var + eps), β = b − mean·α.</summary>
    public static void BatchNorm(Index1D i, ArrayView<float> x, ArrayView<float> y, ArrayView<float> statistics, int channels, int plane, float eps)
    {
        // statistics = [mean | variance | weight | bias], C values each.
        int c = i / plane % channels;
        float alpha = statistics[2 * channels + c] / XMath.Sqrt(statistics[channels + c] + eps);
        y[i] = x[i] * alpha + (statistics[3 * channels + c] - statistics[c] * alpha);
    }

    /// <summary>Mean over non-overlapping (kD, kH, kW) windows of (planes, D, H, W).</summary>
    public static void AvgPool(Index1D i, ArrayView<float> x, ArrayView<float> y, Volume input, Volume window, Volume output)
    {
        int c = i % output.W, r = i / output.W % output.H, z = i / (output.W * output.H) % output.D, plane = i / output.Count;
        int baseIndex = plane * input.Count;
        float sum = 0;
        for (int a = 0; a < window.D; a++)
            for (int b = 0; b < window.H; b++)
                for (int e = 0; e < window.W; e++)
                    sum += x[baseIndex + ((z * window.D + a) * input.H + r * window.H + b) * input.W + c * window.W + e];
        y[i] = sum * (1f / window.Count);
    }

    /// <summary>Nearest upsampling with PyTorch's legacy index floor(dst·(in/out)) in float32.</summary>
    public static void UpsampleNearest(Index1D i, ArrayView<float> x, ArrayView<float> y, Volume input, Volume output)
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

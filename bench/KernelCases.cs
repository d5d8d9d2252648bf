using KDTalker.Tensors;

namespace KDTalker.Bench;

/// <summary>The shapes benchmarked: the reference sizes and those of the real networks (MODULES.md).</summary>
public static class KernelCases
{
    public static IEnumerable<KernelCase> All()
    {
        foreach (var (m, n, k, what) in new[]
        {
            (1024, 1024, 1024, "square"), (512, 4608, 4096, "wide"), (66, 2304, 768, "denoiser to_qkv"),
            (66, 1536, 768, "denoiser mlp"), (4096, 384, 96, "ConvNeXt pwconv1 stage 0"), (1024, 1536, 384, "ConvNeXt pwconv1 stage 1"),
        })
            yield return MatMul(m, n, k, what);
        // The SPADE decoder's 3×3 convolutions (MODULES.md §4), Winograd and direct.
        foreach (var (cin, cout, size) in new[] { (512, 512, 64), (128, 1024, 64), (256, 128, 64), (512, 256, 128), (128, 1024, 128), (128, 512, 256), (256, 64, 256), (64, 64, 256) })
        {
            yield return Conv2d(cin, cout, size, direct: false);
            yield return Conv2d(cin, cout, size, direct: true);
        }
        yield return Conv3d(64, 128, 16, 16, 3, "hourglass encoder 1");
        yield return Conv3d(32, 32, 16, 64, 3, "appearance resblock");
        yield return Conv3d(142, 142, 16, 64, 3, "hourglass decoder.conv");
        yield return GridSample3d();
        yield return Attention(66, 12, 6, "denoiser, 2 + 64 frames");
        yield return Attention(512, 12, 6, "512 frames");
    }

    // Work: q·kᵀ and a·v, 2·F²·64 multiply-adds per head (the rotary prologue and the softmax are not counted).
    public static KernelCase Attention(int frames, int heads, int pairs, string what) => new(
        "attention", $"{heads} heads x {frames}x{frames}x64, rotary + bias ({what})", 2.0 * 2 * heads * frames * frames * 64,
        backend => [Random(backend, 1, heads, frames, 64), Random(backend, 1, heads, frames, 64), Random(backend, 1, heads, frames, 64),
            Random(backend, heads, frames, frames), Random(backend, frames, pairs), Random(backend, frames, pairs)],
        x => Ops.Attention(x[0], x[1], x[2], 0.125f, x[3], x[4], x[5]));

    public static KernelCase MatMul(int m, int n, int k, string what) => new(
        "gemm", $"{m}x{n}x{k} ({what})", 2.0 * m * n * k,
        backend => [Random(backend, m, k), Random(backend, k, n)],
        x => Ops.MatMul(x[0], x[1]));

    /// <summary>A SPADE-style 3×3 conv2d; Winograd executes 36 multiply-adds per 4×4 tile and channel pair.</summary>
    public static KernelCase Conv2d(int cin, int cout, int size, bool direct)
    {
        double tiles = Math.Ceiling(size / 4.0) * Math.Ceiling(size / 4.0);
        return new(direct ? "conv2d direct" : "conv2d winograd", $"3x3 {cin}->{cout} @{size}x{size}", 2.0 * cin * cout * 9 * size * size,
            backend => [Random(backend, 1, cin, size, size), Random(backend, cout, cin, 3, 3), Random(backend, cout)],
            x => Ops.Conv2d(x[0], x[1], x[2], 1, 1), direct ? null : 2.0 * cin * cout * 36 * tiles, direct);
    }

    public static KernelCase Conv3d(int cin, int cout, int depth, int size, int kernel, string what) => new(
        "conv3d", $"{cin}->{cout} k{kernel} @{depth}x{size}x{size} ({what})", 2.0 * cin * cout * kernel * kernel * kernel * depth * size * size,
        backend => [Random(backend, 1, cin, depth, size, size), Random(backend, cout, cin, kernel, kernel, kernel), Random(backend, cout)],
        x => Ops.Conv3d(x[0], x[1], x[2], 1, kernel / 2));

    public static KernelCase GridSample3d() => new(
        "grid_sample 3d", "x (1,32,16,64,64), grid (1,16,64,64,3)", 0,
        backend => [Random(backend, 1, 32, 16, 64, 64), Random(backend, 1, 16, 64, 64, 3)],
        x => Ops.GridSample(x[0], x[1]));

    private static Tensor Random(IBackend backend, params int[] shape)
    {
        var random = new Random(shape.Sum());
        var values = new float[ShapeMath.ElementCount(shape)];
        for (int i = 0; i < values.Length; i++)
            values[i] = random.NextSingle() * 2 - 1;
        return Ops.FromSpan(backend, values, shape);
    }
}

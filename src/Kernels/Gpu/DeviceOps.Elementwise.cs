using KDTalker.Kernels.Gpu.Kernels;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Gpu;

// Element-wise maps, batch norm, pooling, upsampling and grid sampling.
internal sealed partial class DeviceOps<T, E>
{
    public Tensor Unary(Tensor x, UnaryOp op, float alpha)
    {
        var y = Empty(x.Shape);
        if (x.Length > 0)
            _kernels.Unary(Stream, x.Length, View(x), View(y), (int)op, alpha);
        return y;
    }

    public Tensor Affine(Tensor x, float scale, float shift)
    {
        var y = Empty(x.Shape);
        if (x.Length > 0)
            _kernels.Affine(Stream, x.Length, View(x), View(y), scale, shift);
        return y;
    }

    public Tensor Binary(Tensor a, Tensor b, BinaryOp op)
    {
        var y = Empty(a.Shape);
        if (y.Length > 0)
            _kernels.Binary(Stream, y.Length, Storage(a), StridedLayout.Of(a), Storage(b), StridedLayout.Of(b), View(y), (int)op);
        return y;
    }

    public Tensor BatchNorm(Tensor x, Tensor mean, Tensor variance, Tensor? weight, Tensor? bias, float eps)
    {
        int channels = x.Shape[1], plane = x.Length / Math.Max(1, x.Shape[0] * channels);
        var y = Empty(x.Shape);
        if (x.Length > 0)
            _kernels.BatchNorm(Stream, x.Length, View(x), View(y), View(mean), View(variance), ViewOrAbsent(weight), ViewOrAbsent(bias),
                Affine(weight, bias), channels, plane, eps);
        return y;
    }

    public Tensor AvgPool(Tensor x, ReadOnlySpan<int> kernel)
    {
        var input = Volume.Of(x.Shape[2..]);
        var window = Volume.Of(kernel);
        var output = new Volume(input.D / window.D, input.H / window.H, input.W / window.W);
        var y = Empty([x.Shape[0], x.Shape[1], .. (kernel.Length == 3 ? [output.D, output.H, output.W] : new[] { output.H, output.W })]);
        if (y.Length > 0)
            _kernels.AvgPool(Stream, y.Length, View(x), View(y), input, window, output);
        return y;
    }

    public Tensor UpsampleNearest(Tensor x, ReadOnlySpan<int> outputSize)
    {
        var y = Empty([x.Shape[0], x.Shape[1], .. outputSize]);
        if (y.Length > 0)
            _kernels.UpsampleNearest(Stream, y.Length, View(x), View(y), Volume.Of(x.Shape[2..]), Volume.Of(outputSize));
        return y;
    }

    public Tensor GridSample(Tensor x, Tensor grid)
    {
        var outputSize = grid.Shape[1..^1];
        var y = Empty([x.Shape[0], x.Shape[1], .. outputSize]);
        int points = x.Shape[0] * ShapeMath.ElementCount(outputSize);
        if (points > 0)
            _kernels.GridSample(Stream, points, View(x), View(grid), View(y), x.Shape[1], Volume.Of(x.Shape[2..]), Volume.Of(outputSize), x.Rank == 5 ? 1 : 0);
        return y;
    }

    /// <summary>The kernels' affine flags: bit 0 when there is a weight, bit 1 when there is a bias.</summary>
    private static int Affine(Tensor? weight, Tensor? bias) => (weight is null ? 0 : 1) | (bias is null ? 0 : 2);
}

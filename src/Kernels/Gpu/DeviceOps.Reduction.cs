using KDTalker.Kernels.Gpu.Kernels;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Gpu;

// Reductions, softmax and the norms: group-level reductions (ReductionKernels).
internal sealed partial class DeviceOps<T, E>
{
    public Tensor Reduce(Tensor x, ReduceOp op, AxisSplit split, ReadOnlySpan<int> outputShape)
    {
        var y = Empty(outputShape);
        if (y.Length > 0)
            _kernels.Reduce(Stream, split.Outer * split.Inner, View(x), View(y), AxisShape.Of(split), (int)op);
        return y;
    }

    public Tensor Softmax(Tensor x, AxisSplit split)
    {
        var y = Empty(x.Shape);
        if (y.Length > 0)
            _kernels.Softmax(Stream, split.Outer * split.Inner, View(x), View(y), AxisShape.Of(split));
        return y;
    }

    public Tensor LayerNorm(Tensor x, Tensor? weight, Tensor? bias, float eps, AxisSplit split)
    {
        var y = Empty(x.Shape);
        if (y.Length > 0)
            _kernels.LayerNorm(Stream, split.Outer * split.Inner, View(x), View(y), ViewOrAbsent(weight), ViewOrAbsent(bias), Affine(weight, bias),
                AxisShape.Of(split), eps);
        return y;
    }

    public Tensor GlobalResponseNorm(Tensor x, Tensor gamma, Tensor beta, float eps)
    {
        int batch = x.Shape[0], channels = x.Shape[^1], positions = x.Length / Math.Max(1, batch * channels);
        using var norms = Empty([batch, channels]);
        using var factors = Empty([batch, channels]);
        var y = Empty(x.Shape);
        if (y.Length == 0)
            return y;
        var stream = Stream;
        _kernels.ChannelNorms(stream, batch * channels, View(x), View(norms), positions, channels);
        _kernels.ResponseFactors(stream, batch, View(norms), View(factors), channels, eps);
        _kernels.ApplyResponse(stream, x.Length, View(x), View(y), View(factors), View(gamma), View(beta), positions, channels);
        return y;
    }
}

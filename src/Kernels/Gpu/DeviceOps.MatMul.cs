using KDTalker.Kernels.Gpu.Kernels;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Gpu;

// Batched matrix products, convolutions and attention: the tiled GEMM, implicit-GEMM and fused attention kernels.
internal sealed partial class DeviceOps<T, E>
{
    public Tensor MatMul(Tensor a, Tensor b, Tensor? bias)
    {
        int m = a.Shape[^2], k = a.Shape[^1], n = b.Shape[^1];
        var batchShape = a.Shape[..^2];
        int batch = ShapeMath.ElementCount(batchShape);
        var c = Empty([.. batchShape, m, n]);
        if (c.Length == 0)
            return c;
        if (k == 0)
        {
            // An empty sum: C is the bias (or zero) in every row.
            if (bias is null)
            {
                Fill(c, 0f);
                return c;
            }
            using var row = bias.Reshape([1, n]);
            using var broadcast = row.Expand([.. batchShape, m, n]);
            Copy(broadcast, c);
            return c;
        }
        var shape = new GemmShape
        {
            M = m, N = n, K = k,
            ARowStride = a.Strides[^2], AColumnStride = a.Strides[^1],
            BRowStride = b.Strides[^2], BColumnStride = b.Strides[^1],
            ABatch = StridedLayout.Of(batchShape, a.Strides[..^2], a.Offset),
            BBatch = StridedLayout.Of(batchShape, b.Strides[..^2], b.Offset),
            HasBias = bias is null ? 0 : 1,
        };
        _kernels.MatMul(Stream, batch, Storage(a), Storage(b), ViewOrAbsent(bias), View(c), shape);
        return c;
    }

    public Tensor Convolution(Tensor x, Tensor weight, Tensor? bias, ConvGeometry geometry, ConvolutionEpilogue epilogue)
    {
        bool modulate = epilogue.Modulated is not null;
        if (modulate && geometry.Groups != 1)
            return epilogue.ApplyUnfused(Convolution(x, weight, bias, geometry, ConvolutionEpilogue.None));
        var y = Empty([geometry.Batch, modulate ? geometry.OutChannels / 2 : geometry.OutChannels, .. geometry.OutputSize]);
        if (y.Length == 0)
            return y;
        var shape = ConvShapeOf(geometry, bias is not null);
        var fused = new ConvEpilogue
        {
            Activation = epilogue.Activation is { } op ? (int)op : -1,
            Alpha = epilogue.Alpha,
            HasResidual = epilogue.Residual is null ? 0 : 1,
        };
        if (modulate)
            _kernels.ImplicitGemmModulated(Stream, geometry.Batch, View(x), View(weight), ViewOrAbsent(bias), View(epilogue.Modulated!), View(y), shape);
        else if (geometry.IsDepthwise)
            _kernels.Depthwise(Stream, y.Length, View(x), View(weight), ViewOrAbsent(bias), ViewOrAbsent(epilogue.Residual), View(y), shape, fused);
        else
            _kernels.ImplicitGemm(Stream, geometry.Batch, View(x), View(weight), ViewOrAbsent(bias), ViewOrAbsent(epilogue.Residual), View(y), shape, fused);
        return y;
    }

    public Tensor Attention(Tensor q, Tensor k, Tensor v, float scale, Tensor? bias, Tensor? rotaryCos, Tensor? rotarySin)
    {
        int batch = q.Shape[0], heads = q.Shape[1], queries = q.Shape[2], depth = q.Shape[3];
        if (depth > GpuAttentionKernel.MaxDepth)
            throw new ArgumentException($"The GPU attention kernel handles heads of up to {GpuAttentionKernel.MaxDepth} features; got {depth}.");
        var output = Empty([batch, queries, heads, depth]);
        if (output.Length == 0)
            return output;
        var shape = new AttentionShape
        {
            Batch = batch, Heads = heads, Queries = queries, Keys = k.Shape[2], Depth = depth,
            Pairs = rotaryCos?.Shape[1] ?? 0, HasBias = bias is null ? 0 : 1, Scale = scale,
            Q = Operand(q), K = Operand(k), V = Operand(v),
        };
        _kernels.Attention(Stream, Storage(q), Storage(k), Storage(v), ViewOrAbsent(bias), ViewOrAbsent(rotaryCos), ViewOrAbsent(rotarySin),
            View(output), shape);
        return output;
    }

    private static AttentionOperand Operand(Tensor x) =>
        new() { Offset = x.Offset, BatchStride = x.Strides[0], HeadStride = x.Strides[1], RowStride = x.Strides[2] };

    private static ConvShape ConvShapeOf(ConvGeometry g, bool hasBias)
    {
        int pad = 3 - g.SpatialRank;
        int At(int[] values, int axis, int absent) => axis < pad ? absent : values[axis - pad];
        return new ConvShape
        {
            InChannels = g.InChannels, OutChannels = g.OutChannels, Groups = g.Groups, HasBias = hasBias ? 1 : 0,
            Input = Volume.Of(g.InputSize), Kernel = Volume.Of(g.KernelSize), Output = Volume.Of(g.OutputSize),
            StrideD = At(g.Stride, 0, 1), StrideH = At(g.Stride, 1, 1), StrideW = At(g.Stride, 2, 1),
            PadD = At(g.Padding, 0, 0), PadH = At(g.Padding, 1, 0), PadW = At(g.Padding, 2, 0),
        };
    }
}

using ILGPU;
using ILGPU.Runtime;
using KDTalker.Kernels.Gpu.Kernels;

namespace KDTalker.Kernels.Gpu;

/// <summary>
/// The kernels loaded (compiled) for one accelerator and one storage element type, each on its first launch, with
/// their launch shapes: element-wise kernels are grouped by ILGPU; the others name their group size.
/// </summary>
internal sealed class KernelSet<T, E>(Accelerator accelerator)
    where T : unmanaged where E : struct, IElement<T>
{
    private Action<AcceleratorStream, Index1D, ArrayView<T>, StridedLayout, ArrayView<T>, StridedLayout>? _copy;
    private Action<AcceleratorStream, Index1D, ArrayView<T>, StridedLayout, float>? _fill;
    private Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, int, float>? _unary;
    private Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, float, float>? _affine;
    private Action<AcceleratorStream, Index1D, ArrayView<T>, StridedLayout, ArrayView<T>, StridedLayout, ArrayView<T>, int>? _binary;
    private Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int,
        float>? _batchNorm;
    private Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, Volume, Volume, Volume>? _avgPool;
    private Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, Volume, Volume>? _upsample;
    private Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, Volume, Volume, int>? _gridSample;
    private Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ConvShape, ConvEpilogue>? _depthwise;
    private Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int>? _applyResponse;
    private Action<AcceleratorStream, KernelConfig, ArrayView<T>, ArrayView<T>, AxisShape, int>? _reduce;
    private Action<AcceleratorStream, KernelConfig, ArrayView<T>, ArrayView<T>, AxisShape>? _softmax;
    private Action<AcceleratorStream, KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, AxisShape, float>? _layerNorm;
    private Action<AcceleratorStream, KernelConfig, ArrayView<T>, ArrayView<T>, int, int>? _channelNorms;
    private Action<AcceleratorStream, KernelConfig, ArrayView<T>, ArrayView<T>, int, float>? _responseFactors;
    private Action<AcceleratorStream, KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmShape>? _matMul;
    private Action<AcceleratorStream, KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ConvShape,
        ConvEpilogue>? _implicitGemm;
    private Action<AcceleratorStream, KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ConvShape>? _modulated;
    private Action<AcceleratorStream, KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        AttentionShape>? _attention;

    public void Copy(AcceleratorStream stream, int count, ArrayView<T> source, StridedLayout from, ArrayView<T> target, StridedLayout to) =>
        (_copy ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<T>, StridedLayout, ArrayView<T>,
            StridedLayout>(ElementwiseKernels.Copy<T, E>))(stream, count, source, from, target, to);

    public void Fill(AcceleratorStream stream, int count, ArrayView<T> target, StridedLayout to, float value) =>
        (_fill ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<T>, StridedLayout, float>(ElementwiseKernels.Fill<T, E>))(stream, count,
            target, to, value);

    public void Unary(AcceleratorStream stream, int count, ArrayView<T> x, ArrayView<T> y, int op, float alpha) =>
        (_unary ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, int, float>(ElementwiseKernels.Unary<T, E>))(stream, count,
            x, y, op, alpha);

    public void Affine(AcceleratorStream stream, int count, ArrayView<T> x, ArrayView<T> y, float scale, float shift) =>
        (_affine ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, float, float>(ElementwiseKernels.Affine<T, E>))(stream,
            count, x, y, scale, shift);

    public void Binary(AcceleratorStream stream, int count, ArrayView<T> a, StridedLayout aLayout, ArrayView<T> b, StridedLayout bLayout,
        ArrayView<T> y, int op) =>
        (_binary ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<T>, StridedLayout, ArrayView<T>, StridedLayout, ArrayView<T>,
            int>(ElementwiseKernels.Binary<T, E>))(stream, count, a, aLayout, b, bLayout, y, op);

    public void BatchNorm(AcceleratorStream stream, int count, ArrayView<T> x, ArrayView<T> y, ArrayView<T> mean, ArrayView<T> variance,
        ArrayView<T> weight, ArrayView<T> bias, int affine, int channels, int plane, float eps) =>
        (_batchNorm ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            int, int, int, float>(ElementwiseKernels.BatchNorm<T, E>))(
            stream, count, x, y, mean, variance, weight, bias, affine, channels, plane, eps);

    public void AvgPool(AcceleratorStream stream, int count, ArrayView<T> x, ArrayView<T> y, Volume input, Volume window, Volume output) =>
        (_avgPool ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, Volume, Volume,
            Volume>(ElementwiseKernels.AvgPool<T, E>))(stream, count, x, y, input, window, output);

    public void UpsampleNearest(AcceleratorStream stream, int count, ArrayView<T> x, ArrayView<T> y, Volume input, Volume output) =>
        (_upsample ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, Volume,
            Volume>(ElementwiseKernels.UpsampleNearest<T, E>))(stream, count, x, y, input, output);

    public void GridSample(AcceleratorStream stream, int count, ArrayView<T> x, ArrayView<T> grid, ArrayView<T> y, int channels, Volume input,
        Volume output, int volumetric) =>
        (_gridSample ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, Volume, Volume,
            int>(GpuGridSampleKernel.Sample<T, E>))(stream, count, x, grid, y, channels, input, output, volumetric);

    public void Depthwise(AcceleratorStream stream, int count, ArrayView<T> x, ArrayView<T> weight, ArrayView<T> bias, ArrayView<T> residual,
        ArrayView<T> y, ConvShape shape, ConvEpilogue epilogue) =>
        (_depthwise ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ConvShape,
            ConvEpilogue>(ConvolutionKernels.Depthwise<T, E>))(
            stream, count, x, weight, bias, residual, y, shape, epilogue);

    public void ApplyResponse(AcceleratorStream stream, int count, ArrayView<T> x, ArrayView<T> y, ArrayView<T> factors, ArrayView<T> gamma,
        ArrayView<T> beta, int positions, int channels) =>
        (_applyResponse ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int,
            int>(ReductionKernels.ApplyResponse<T, E>))(
            stream, count, x, y, factors, gamma, beta, positions, channels);

    public void Reduce(AcceleratorStream stream, int outputs, ArrayView<T> x, ArrayView<T> y, AxisShape axis, int op) =>
        (_reduce ??= accelerator.LoadKernel<ArrayView<T>, ArrayView<T>, AxisShape, int>(ReductionKernels.Reduce<T, E>))(stream, Groups(outputs), x, y,
            axis, op);

    public void Softmax(AcceleratorStream stream, int outputs, ArrayView<T> x, ArrayView<T> y, AxisShape axis) =>
        (_softmax ??= accelerator.LoadKernel<ArrayView<T>, ArrayView<T>, AxisShape>(ReductionKernels.Softmax<T, E>))(stream, Groups(outputs), x, y, axis);

    public void LayerNorm(AcceleratorStream stream, int outputs, ArrayView<T> x, ArrayView<T> y, ArrayView<T> weight, ArrayView<T> bias, int affine,
        AxisShape axis, float eps) =>
        (_layerNorm ??= accelerator.LoadKernel<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, AxisShape,
            float>(ReductionKernels.LayerNorm<T, E>))(
            stream, Groups(outputs), x, y, weight, bias, affine, axis, eps);

    public void ChannelNorms(AcceleratorStream stream, int outputs, ArrayView<T> x, ArrayView<T> norms, int positions, int channels) =>
        (_channelNorms ??= accelerator.LoadKernel<ArrayView<T>, ArrayView<T>, int, int>(ReductionKernels.ChannelNorms<T, E>))(stream, Groups(outputs),
            x, norms, positions, channels);

    public void ResponseFactors(AcceleratorStream stream, int batch, ArrayView<T> norms, ArrayView<T> factors, int channels, float eps) =>
        (_responseFactors ??= accelerator.LoadKernel<ArrayView<T>, ArrayView<T>, int, float>(ReductionKernels.ResponseFactors<T, E>))(stream,
            Groups(batch), norms, factors, channels, eps);

    public void MatMul(AcceleratorStream stream, int batch, ArrayView<T> a, ArrayView<T> b, ArrayView<T> bias, ArrayView<T> c, GemmShape shape) =>
        (_matMul ??= accelerator.LoadKernel<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmShape>(GemmKernel.MatMul<T, E>))(
            stream, TileGrid(shape.N, shape.M, batch), a, b, bias, c, shape);

    public void ImplicitGemm(AcceleratorStream stream, int images, ArrayView<T> x, ArrayView<T> weight, ArrayView<T> bias, ArrayView<T> residual,
        ArrayView<T> y, ConvShape shape, ConvEpilogue epilogue) =>
        (_implicitGemm ??= accelerator.LoadKernel<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ConvShape,
            ConvEpilogue>(ConvolutionKernels.ImplicitGemm<T, E>))(
            stream, TileGrid(shape.Output.Count, shape.OutChannels / shape.Groups, images * shape.Groups), x, weight, bias, residual, y, shape, epilogue);

    public void ImplicitGemmModulated(AcceleratorStream stream, int images, ArrayView<T> x, ArrayView<T> weight, ArrayView<T> bias,
        ArrayView<T> normalised, ArrayView<T> y, ConvShape shape) =>
        (_modulated ??= accelerator.LoadKernel<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ConvShape>(ConvolutionKernels.ImplicitGemmModulated<T, E>))(
            stream, TileGrid(shape.Output.Count, shape.OutChannels / 2, images), x, weight, bias, normalised, y, shape);

    public void Attention(AcceleratorStream stream, ArrayView<T> q, ArrayView<T> k, ArrayView<T> v, ArrayView<T> bias, ArrayView<T> cos,
        ArrayView<T> sin, ArrayView<T> output, AttentionShape shape) =>
        (_attention ??= accelerator.LoadKernel<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            AttentionShape>(GpuAttentionKernel.Attend<T, E>))(
            stream, new KernelConfig(new Index3D((shape.Queries + GpuAttentionKernel.Queries - 1) / GpuAttentionKernel.Queries, shape.Heads,
                shape.Batch), new Index3D(GpuAttentionKernel.Queries, 1, 1)),
            q, k, v, bias, cos, sin, output, shape);

    private static KernelConfig Groups(int count) => new(count, ReductionKernels.GroupSize);

    private static KernelConfig TileGrid(int columns, int rows, int batch) => new(
        new Index3D((columns + GemmTile.Tile - 1) / GemmTile.Tile, (rows + GemmTile.Tile - 1) / GemmTile.Tile, batch),
        new Index3D(GemmTile.Threads, GemmTile.Threads, 1));
}

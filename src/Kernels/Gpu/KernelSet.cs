using ILGPU;
using ILGPU.Runtime;
using KDTalker.Kernels.Gpu.Kernels;

namespace KDTalker.Kernels.Gpu;

/// <summary>
/// The kernels loaded (compiled) for one accelerator, each on its first launch, with their launch shapes: element-wise
/// kernels are grouped by ILGPU; the others name their group size.
/// </summary>
internal sealed class KernelSet(Accelerator accelerator)
{
    private Action<AcceleratorStream, Index1D, ArrayView<float>, StridedLayout, ArrayView<float>, StridedLayout>? _copy;
    private Action<AcceleratorStream, Index1D, ArrayView<float>, StridedLayout, float>? _fill;
    private Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, int, float>? _unary;
    private Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, float, float>? _affine;
    private Action<AcceleratorStream, Index1D, ArrayView<float>, StridedLayout, ArrayView<float>, StridedLayout, ArrayView<float>, int>? _binary;
    private Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, float>? _batchNorm;
    private Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, Volume, Volume, Volume>? _avgPool;
    private Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, Volume, Volume>? _upsample;
    private Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, Volume, Volume, int>? _gridSample;
    private Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvShape>? _depthwise;
    private Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>? _applyResponse;
    private Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<float>, AxisShape, int>? _reduce;
    private Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<float>, AxisShape>? _softmax;
    private Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, AxisShape, float, int>? _layerNorm;
    private Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<float>, int, int>? _channelNorms;
    private Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<float>, int, float>? _responseFactors;
    private Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>? _matMul;
    private Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvShape>? _implicitGemm;
    private Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AttentionShape>? _attention;

    public void Copy(AcceleratorStream stream, int count, ArrayView<float> source, StridedLayout from, ArrayView<float> target, StridedLayout to) =>
        (_copy ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, StridedLayout, ArrayView<float>, StridedLayout>(ElementwiseKernels.Copy))(stream, count, source, from, target, to);

    public void Fill(AcceleratorStream stream, int count, ArrayView<float> target, StridedLayout to, float value) =>
        (_fill ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, StridedLayout, float>(ElementwiseKernels.Fill))(stream, count, target, to, value);

    public void Unary(AcceleratorStream stream, int count, ArrayView<float> x, ArrayView<float> y, int op, float alpha) =>
        (_unary ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, int, float>(ElementwiseKernels.Unary))(stream, count, x, y, op, alpha);

    public void Affine(AcceleratorStream stream, int count, ArrayView<float> x, ArrayView<float> y, float scale, float shift) =>
        (_affine ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, float, float>(ElementwiseKernels.Affine))(stream, count, x, y, scale, shift);

    public void Binary(AcceleratorStream stream, int count, ArrayView<float> a, StridedLayout aLayout, ArrayView<float> b, StridedLayout bLayout, ArrayView<float> y, int op) =>
        (_binary ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, StridedLayout, ArrayView<float>, StridedLayout, ArrayView<float>, int>(ElementwiseKernels.Binary))(stream, count, a, aLayout, b, bLayout, y, op);

    public void BatchNorm(AcceleratorStream stream, int count, ArrayView<float> x, ArrayView<float> y, ArrayView<float> statistics, int channels, int plane, float eps) =>
        (_batchNorm ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, float>(ElementwiseKernels.BatchNorm))(stream, count, x, y, statistics, channels, plane, eps);

    public void AvgPool(AcceleratorStream stream, int count, ArrayView<float> x, ArrayView<float> y, Volume input, Volume window, Volume output) =>
        (_avgPool ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, Volume, Volume, Volume>(ElementwiseKernels.AvgPool))(stream, count, x, y, input, window, output);

    public void UpsampleNearest(AcceleratorStream stream, int count, ArrayView<float> x, ArrayView<float> y, Volume input, Volume output) =>
        (_upsample ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, Volume, Volume>(ElementwiseKernels.UpsampleNearest))(stream, count, x, y, input, output);

    public void GridSample(AcceleratorStream stream, int count, ArrayView<float> x, ArrayView<float> grid, ArrayView<float> y, int channels, Volume input, Volume output, int volumetric) =>
        (_gridSample ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, Volume, Volume, int>(GridSampleKernel.Sample))(stream, count, x, grid, y, channels, input, output, volumetric);

    public void Depthwise(AcceleratorStream stream, int count, ArrayView<float> x, ArrayView<float> weight, ArrayView<float> bias, ArrayView<float> y, ConvShape shape) =>
        (_depthwise ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvShape>(ConvolutionKernels.Depthwise))(stream, count, x, weight, bias, y, shape);

    public void ApplyResponse(AcceleratorStream stream, int count, ArrayView<float> x, ArrayView<float> y, ArrayView<float> factors, ArrayView<float> affine, int positions, int channels) =>
        (_applyResponse ??= accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(ReductionKernels.ApplyResponse))(stream, count, x, y, factors, affine, positions, channels);

    public void Reduce(AcceleratorStream stream, int outputs, ArrayView<float> x, ArrayView<float> y, AxisShape axis, int op) =>
        (_reduce ??= accelerator.LoadKernel<ArrayView<float>, ArrayView<float>, AxisShape, int>(ReductionKernels.Reduce))(stream, Groups(outputs), x, y, axis, op);

    public void Softmax(AcceleratorStream stream, int outputs, ArrayView<float> x, ArrayView<float> y, AxisShape axis) =>
        (_softmax ??= accelerator.LoadKernel<ArrayView<float>, ArrayView<float>, AxisShape>(ReductionKernels.Softmax))(stream, Groups(outputs), x, y, axis);

    public void LayerNorm(AcceleratorStream stream, int outputs, ArrayView<float> x, ArrayView<float> y, ArrayView<float> parameters, AxisShape axis, float eps, int affine) =>
        (_layerNorm ??= accelerator.LoadKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, AxisShape, float, int>(ReductionKernels.LayerNorm))(stream, Groups(outputs), x, y, parameters, axis, eps, affine);

    public void ChannelNorms(AcceleratorStream stream, int outputs, ArrayView<float> x, ArrayView<float> norms, int positions, int channels) =>
        (_channelNorms ??= accelerator.LoadKernel<ArrayView<float>, ArrayView<float>, int, int>(ReductionKernels.ChannelNorms))(stream, Groups(outputs), x, norms, positions, channels);

    public void ResponseFactors(AcceleratorStream stream, int batch, ArrayView<float> norms, ArrayView<float> factors, int channels, float eps) =>
        (_responseFactors ??= accelerator.LoadKernel<ArrayView<float>, ArrayView<float>, int, float>(ReductionKernels.ResponseFactors))(stream, Groups(batch), norms, factors, channels, eps);

    public void MatMul(AcceleratorStream stream, int batch, ArrayView<float> a, ArrayView<float> b, ArrayView<float> bias, ArrayView<float> c, GemmShape shape) =>
        (_matMul ??= accelerator.LoadKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>(GemmKernel.MatMul))(
            stream, TileGrid(shape.N, shape.M, batch), a, b, bias, c, shape);

    public void ImplicitGemm(AcceleratorStream stream, int images, ArrayView<float> x, ArrayView<float> weight, ArrayView<float> bias, ArrayView<float> y, ConvShape shape) =>
        (_implicitGemm ??= accelerator.LoadKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvShape>(ConvolutionKernels.ImplicitGemm))(
            stream, TileGrid(shape.Output.Count, shape.OutChannels / shape.Groups, images * shape.Groups), x, weight, bias, y, shape);

    public void Attention(AcceleratorStream stream, ArrayView<float> q, ArrayView<float> k, ArrayView<float> v, ArrayView<float> bias, ArrayView<float> cos, ArrayView<float> sin, ArrayView<float> output, AttentionShape shape) =>
        (_attention ??= accelerator.LoadKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AttentionShape>(AttentionKernel.Attend))(
            stream, new KernelConfig(new Index3D((shape.Queries + AttentionKernel.Queries - 1) / AttentionKernel.Queries, shape.Heads, shape.Batch), new Index3D(AttentionKernel.Queries, 1, 1)),
            q, k, v, bias, cos, sin, output, shape);

    private static KernelConfig Groups(int count) => new(count, ReductionKernels.GroupSize);

    private static KernelConfig TileGrid(int columns, int rows, int batch) => new(
        new Index3D((columns + GemmTile.Tile - 1) / GemmTile.Tile, (rows + GemmTile.Tile - 1) / GemmTile.Tile, batch),
        new Index3D(GemmTile.Threads, GemmTile.Threads, 1));
}

namespace KDTalker.Tensors;

/// <summary>
/// Where tensors live and how ops run on them. Networks never call a backend directly: they call
/// <see cref="Ops"/>, which checks arguments, works out output shapes and dispatches here.
/// Unless a method says otherwise, tensor arguments arrive contiguous (Ops makes them so) and every
/// result is a new contiguous tensor owned by the caller.
/// </summary>
public interface IBackend : IDisposable
{
    /// <summary>Short name, e.g. "cpu".</summary>
    string Name { get; }

    /// <summary>A line describing the hardware path, e.g. "CPU, AVX2+FMA (Vector256), 2 threads".</summary>
    string Description { get; }

    /// <summary>
    /// Storages this backend has allocated that are not yet released (every tensor and view over one storage counts
    /// once). Tests compare it before and after a piece of work to find tensors that were never disposed.
    /// </summary>
    long LiveStorages { get; }

    /// <summary>A new contiguous tensor with undefined contents.</summary>
    Tensor Empty(ReadOnlySpan<int> shape);

    /// <summary>A new contiguous tensor holding <paramref name="source"/> (row-major).</summary>
    Tensor Upload(ReadOnlySpan<float> source, ReadOnlySpan<int> shape);

    /// <summary>Copies any-strided <paramref name="source"/> to host memory in row-major order.</summary>
    void Download(Tensor source, Span<float> destination);

    /// <summary>Copies element-wise between two tensors of the same shape; both may have any strides.</summary>
    void Copy(Tensor source, Tensor destination);

    /// <summary>Sets every element of a (possibly strided) tensor.</summary>
    void Fill(Tensor destination, float value);

    /// <summary>y = f(x); <paramref name="alpha"/> is the LeakyRelu slope.</summary>
    Tensor Unary(Tensor x, UnaryOp op, float alpha);

    /// <summary>y = x·scale + shift.</summary>
    Tensor Affine(Tensor x, float scale, float shift);

    /// <summary>y = a op b for two tensors of the same shape with any strides (0 along broadcast axes).</summary>
    Tensor Binary(Tensor a, Tensor b, BinaryOp op);

    /// <summary>Reduces the middle axis of x seen as <paramref name="split"/>; result shape <paramref name="outputShape"/>.</summary>
    Tensor Reduce(Tensor x, ReduceOp op, AxisSplit split, ReadOnlySpan<int> outputShape);

    /// <summary>Numerically stable softmax along the middle axis of <paramref name="split"/>.</summary>
    Tensor Softmax(Tensor x, AxisSplit split);

    /// <summary>
    /// (x − mean)/sqrt(var + eps) along the middle axis of <paramref name="split"/> (biased variance),
    /// then ·weight + bias indexed by that axis when given. Serves layer norm (last axis or channels
    /// first) and instance norm (no affine, spatial axes).
    /// </summary>
    Tensor LayerNorm(Tensor x, Tensor? weight, Tensor? bias, float eps, AxisSplit split);

    /// <summary>Inference batch norm over axis 1: (x − mean)/sqrt(var + eps)·weight + bias.</summary>
    Tensor BatchNorm(Tensor x, Tensor mean, Tensor variance, Tensor? weight, Tensor? bias, float eps);

    /// <summary>
    /// ConvNeXt-V2 global response norm on channels-last x (N, H, W, C): G = ‖x‖₂ over (H, W) per channel,
    /// Nx = G/(mean_C G + eps), y = gamma·(x·Nx) + beta + x; gamma and beta hold C values.
    /// </summary>
    Tensor GlobalResponseNorm(Tensor x, Tensor gamma, Tensor beta, float eps);

    /// <summary>
    /// Batched C = A·B (+ bias per column): a (..., M, K) and b (..., K, N) with identical batch dims
    /// and any strides (transposed or broadcast views welcome); bias holds N values or is null.
    /// </summary>
    Tensor MatMul(Tensor a, Tensor b, Tensor? bias);

    /// <summary>
    /// 2-D or 3-D convolution described by <paramref name="geometry"/>, each output value passed through
    /// <paramref name="epilogue"/> (its tensors arrive contiguous; a modulating epilogue halves the output channels).
    /// </summary>
    Tensor Convolution(Tensor x, Tensor weight, Tensor? bias, ConvGeometry geometry, ConvolutionEpilogue epilogue);

    /// <summary>Non-overlapping mean pooling over the trailing spatial axes (kernel = stride, no padding).</summary>
    Tensor AvgPool(Tensor x, ReadOnlySpan<int> kernel);

    /// <summary>Nearest upsampling of the trailing spatial axes with PyTorch's legacy rule src = floor(dst·in/out).</summary>
    Tensor UpsampleNearest(Tensor x, ReadOnlySpan<int> outputSize);

    /// <summary>
    /// Bilinear (4-D x) or trilinear (5-D x) sampling with zero padding and align_corners=False.
    /// grid is (N, H', W', 2) or (N, D', H', W', 3) holding normalised (x, y[, z]) in [−1, 1].
    /// </summary>
    Tensor GridSample(Tensor x, Tensor grid);

    /// <summary>
    /// Fused multi-head attention without a materialised score matrix: for batch b, head h and query i,
    /// out[b, i, h] = Σ_j softmax_j(q′ᵢ·k′ⱼ + bias[h, i, j])·v[b, h, j], where q′ = rotary(q·scale) and k′ = rotary(k).
    /// q (B, H, Fq, D), k and v (B, H, Fk, D) may have any strides with a unit last stride; bias (H, Fq, Fk)
    /// or null; rotaryCos and rotarySin (F ≥ max(Fq, Fk), P) or null: position p rotates the interleaved
    /// feature pairs (2m, 2m+1), m &lt; P, by the angle whose cosine and sine are row p, column m.
    /// The result is (B, Fq, H, D): heads side by side, ready to be viewed as (B, Fq, H·D).
    /// </summary>
    Tensor Attention(Tensor q, Tensor k, Tensor v, float scale, Tensor? bias, Tensor? rotaryCos, Tensor? rotarySin);
}

using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu;

/// <summary>
/// The managed CPU backend: tensors in pooled, aligned host memory; kernels written with
/// System.Runtime.Intrinsics (Vector256+FMA, Vector128 or scalar) and run on <see cref="Threads"/> cores.
/// The op families live in the partial files next to this one.
/// </summary>
public sealed partial class CpuBackend : IBackend
{
    private readonly HostBufferPool _pool;
    private long _multiplyAccumulates;

    /// <summary>Creates a backend; with no options it uses every core and the widest SIMD available.</summary>
    public CpuBackend(CpuBackendOptions? options = null)
    {
        options ??= new CpuBackendOptions();
        Threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        Simd = (SimdLevel)Math.Min((int)options.MaxSimd, (int)CpuFeatures.Best);
        Parallelism = new ParallelOptions { MaxDegreeOfParallelism = Threads };
        ConvolutionAlgorithm = options.Convolution;
        _pool = new HostBufferPool(options.MaxPooledBytes);
    }

    /// <summary>Number of worker threads.</summary>
    public int Threads { get; }

    /// <summary>The vector path the kernels take.</summary>
    public SimdLevel Simd { get; }

    /// <summary>Winograd where it applies, or direct convolution everywhere.</summary>
    public ConvolutionAlgorithm ConvolutionAlgorithm { get; }

    /// <summary>
    /// Multiply-accumulates of the convolutions and matrix products run so far, counted as a direct convolution would
    /// do them (so Winograd's saving shows as a higher rate): what a benchmark divides by its time.
    /// </summary>
    public long MultiplyAccumulates => Interlocked.Read(ref _multiplyAccumulates);

    internal ParallelOptions Parallelism { get; }

    /// <inheritdoc />
    public string Name => "cpu";

    /// <inheritdoc />
    public string Description => $"CPU ({CpuFeatures.InstructionSets}), {Simd} kernels, {Threads} " +
        $"thread{(Threads == 1 ? "" : "s")}, {(ConvolutionAlgorithm == ConvolutionAlgorithm.Direct ? "direct" : "Winograd + direct")} convolution";

    /// <inheritdoc />
    public long LiveStorages => _pool.Storages.Live;

    /// <inheritdoc />
    public Tensor Empty(ReadOnlySpan<int> shape) =>
        Tensor.FromStorage(this, _pool.Rent(ShapeMath.ElementCount(shape)), shape);

    /// <inheritdoc />
    public Tensor Upload(ReadOnlySpan<float> source, ReadOnlySpan<int> shape)
    {
        var tensor = Empty(shape);
        source[..tensor.Length].CopyTo(Host(tensor).Span);
        return tensor;
    }

    /// <inheritdoc />
    public void Dispose() => _pool.Dispose();

    private void CountMultiplyAccumulates(long count) => Interlocked.Add(ref _multiplyAccumulates, count);

    /// <summary>Scratch memory from the buffer pool; the caller releases it.</summary>
    internal HostStorage RentScratch(int count) => _pool.Rent(count);

    /// <summary>The host storage of a tensor of this backend.</summary>
    internal HostStorage Host(Tensor tensor)
    {
        if (!ReferenceEquals(tensor.Backend, this) || tensor.Storage is not HostStorage host)
            throw new ArgumentException($"{tensor} does not belong to this CPU backend.");
        return host;
    }

    /// <summary>Address of element [0, ...] of a tensor of this backend.</summary>
    internal unsafe float* Pointer(Tensor tensor) => Host(tensor).Pointer + tensor.Offset;

    /// <summary>Address of the first element of an optional tensor, or null.</summary>
    internal unsafe float* PointerOrNull(Tensor? tensor) => tensor is null ? null : Pointer(tensor);

    /// <summary>Runs body(i) for i in [0, count) on the backend's threads; serial when one thread or one item.</summary>
    internal void For(int count, Action<int> body)
    {
        if (Threads == 1 || count <= 1)
        {
            for (int i = 0; i < count; i++)
                body(i);
            return;
        }
        Parallel.For(0, count, Parallelism, body);
    }
}

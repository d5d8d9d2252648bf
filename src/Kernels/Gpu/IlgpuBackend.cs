using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using KDTalker.Kernels.Gpu.Kernels;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Gpu;

/// <summary>
/// The GPU backend: tensors in accelerator memory (pooled; they stay there between ops, only
/// <see cref="Upload"/> and <see cref="Download"/> cross to the host) and our hand-written ILGPU kernels, compiled for
/// CUDA (PTX), OpenCL, or ILGPU's CPU simulator, on first use. Storage is float32, or half precision with
/// <see cref="IlgpuBackendOptions.HalfPrecision"/> (kernels still compute and accumulate in float32). The ops are in
/// <see cref="DeviceOps{T, E}"/>, the kernels in Gpu/Kernels.
/// </summary>
public sealed class IlgpuBackend : IBackend
{
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly IDeviceOps _ops;
    private readonly DeviceDiagnostics _diagnostics = new();

    private IlgpuBackend(Context context, Accelerator accelerator, IlgpuBackendOptions options)
    {
        _context = context;
        _accelerator = accelerator;
        Kind = options.Device;
        HalfPrecision = options.HalfPrecision;
        _ops = options.HalfPrecision
            ? new DeviceOps<ILGPU.Half, Fp16>(this, accelerator, options, _diagnostics)
            : new DeviceOps<float, Fp32>(this, accelerator, options, _diagnostics);
    }

    /// <summary>Opens the device <paramref name="options"/> names.</summary>
    /// <exception cref="InvalidOperationException">There is no such device, or its driver failed to start.</exception>
    public static IlgpuBackend Open(IlgpuBackendOptions? options = null)
    {
        options ??= new IlgpuBackendOptions();
        var (context, devices) = DeviceDiscovery.Open(options.Device);
        try
        {
            if (options.DeviceIndex < 0 || options.DeviceIndex >= devices.Count)
                throw new InvalidOperationException(devices.Count == 0
                    ? $"No {Describe(options.Device)} device was found: {DeviceDiscovery.WhyNone(options.Device)}. {Hint(options.Device)}"
                    : $"There are {devices.Count} {Describe(options.Device)} devices; device {options.DeviceIndex} does not exist.");
            var device = devices[options.DeviceIndex];
            if (DeviceDiscovery.Unsupported(device) is { } unsupported)
                throw new InvalidOperationException($"The {Describe(options.Device)} device {device.Name} cannot be " +
                    $"used: {unsupported}. {Hint(options.Device)}");
            return new IlgpuBackend(context, device.CreateAccelerator(context), options);
        }
        catch (Exception error) when (error is not InvalidOperationException)
        {
            context.Dispose();
            throw new InvalidOperationException($"The {Describe(options.Device)} device could not be started: {error.Message}", error);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The first CUDA GPU, else the first OpenCL GPU, else null with, in <paramref name="unavailable"/>, why each kind
    /// could not be opened (no driver, a driver too old, no device, an error while starting it). The device kind in
    /// <paramref name="options"/> is ignored.
    /// </summary>
    public static IlgpuBackend? TryOpenBestGpu(IlgpuBackendOptions? options, out string? unavailable)
    {
        options ??= new IlgpuBackendOptions();
        var reasons = new List<string>();
        foreach (var kind in new[] { GpuDeviceKind.Cuda, GpuDeviceKind.OpenCL })
        {
            try
            {
                unavailable = null;
                return Open(options with { Device = kind, DeviceIndex = 0 });
            }
            catch (InvalidOperationException error)
            {
                reasons.Add($"{Describe(kind)}: {error.Message}"); // none of this kind: try the next
            }
        }
        unavailable = string.Join(" ", reasons);
        return null;
    }

    /// <summary>The kind of accelerator.</summary>
    public GpuDeviceKind Kind { get; }

    /// <summary>True when tensors are stored in half precision.</summary>
    public bool HalfPrecision { get; }

    /// <inheritdoc />
    public string Name => Kind switch { GpuDeviceKind.Cuda => "cuda", GpuDeviceKind.OpenCL => "opencl", _ => "ilgpu-cpu" };

    /// <inheritdoc />
    public string Description
    {
        get
        {
            string memory = Kind == GpuDeviceKind.IlgpuCpu ? "" : $", {_accelerator.MemorySize >> 20} MiB";
            return $"{_accelerator.Name} ({Describe(Kind)}{memory}, ILGPU kernels, {(HalfPrecision ? "fp16" : "fp32")} storage)";
        }
    }

    /// <summary>
    /// The device's float32 peak in GFLOP/s (multiprocessors × FP32 lanes per multiprocessor × 2 × clock), for a CUDA
    /// GPU whose architecture is known; null otherwise. Benchmarks quote their throughput against it.
    /// </summary>
    public double? PeakFp32Gflops => _accelerator.Device is CudaDevice { Architecture: { } architecture } cuda && Fp32Lanes(architecture) is { } lanes
        ? cuda.NumMultiprocessors * lanes * 2.0 * cuda.ClockRate / 1e3
        : null;

    /// <summary>Waits until every queued kernel has finished (for timings).</summary>
    public void Synchronize() => _ops.Synchronize();

    /// <summary>
    /// Host↔device synchronisations so far: each <see cref="Upload"/>, <see cref="Download"/> and
    /// <see cref="Synchronize"/> waits for the device queue to drain, which a frame loop should do a few times at most.
    /// </summary>
    public long Synchronizations => _diagnostics.Synchronizations;

    /// <summary>With <see cref="IlgpuBackendOptions.GuardElements"/>: each buffer released so far whose guard a kernel overwrote.</summary>
    public IReadOnlyList<string> GuardViolations => _diagnostics.GuardViolations;

    /// <inheritdoc />
    public long LiveStorages => _ops.LiveStorages;

    /// <inheritdoc />
    public Tensor Empty(ReadOnlySpan<int> shape) => _ops.Empty(shape);

    /// <inheritdoc />
    public Tensor Upload(ReadOnlySpan<float> source, ReadOnlySpan<int> shape) => _ops.Upload(source, shape);

    /// <inheritdoc />
    public void Download(Tensor source, Span<float> destination) => _ops.Download(source, destination);

    /// <inheritdoc />
    public void Copy(Tensor source, Tensor destination) => _ops.Copy(source, destination);

    /// <inheritdoc />
    public void Fill(Tensor destination, float value) => _ops.Fill(destination, value);

    /// <inheritdoc />
    public Tensor Unary(Tensor x, UnaryOp op, float alpha) => _ops.Unary(x, op, alpha);

    /// <inheritdoc />
    public Tensor Affine(Tensor x, float scale, float shift) => _ops.Affine(x, scale, shift);

    /// <inheritdoc />
    public Tensor Binary(Tensor a, Tensor b, BinaryOp op) => _ops.Binary(a, b, op);

    /// <inheritdoc />
    public Tensor Reduce(Tensor x, ReduceOp op, AxisSplit split, ReadOnlySpan<int> outputShape) => _ops.Reduce(x, op, split, outputShape);

    /// <inheritdoc />
    public Tensor Softmax(Tensor x, AxisSplit split) => _ops.Softmax(x, split);

    /// <inheritdoc />
    public Tensor LayerNorm(Tensor x, Tensor? weight, Tensor? bias, float eps, AxisSplit split) => _ops.LayerNorm(x, weight, bias, eps, split);

    /// <inheritdoc />
    public Tensor BatchNorm(Tensor x, Tensor mean, Tensor variance, Tensor? weight, Tensor? bias, float eps) =>
        _ops.BatchNorm(x, mean, variance, weight, bias, eps);

    /// <inheritdoc />
    public Tensor GlobalResponseNorm(Tensor x, Tensor gamma, Tensor beta, float eps) => _ops.GlobalResponseNorm(x, gamma, beta, eps);

    /// <inheritdoc />
    public Tensor MatMul(Tensor a, Tensor b, Tensor? bias) => _ops.MatMul(a, b, bias);

    /// <inheritdoc />
    public Tensor Convolution(Tensor x, Tensor weight, Tensor? bias, ConvGeometry geometry, ConvolutionEpilogue epilogue) =>
        _ops.Convolution(x, weight, bias, geometry, epilogue);

    /// <inheritdoc />
    public Tensor AvgPool(Tensor x, ReadOnlySpan<int> kernel) => _ops.AvgPool(x, kernel);

    /// <inheritdoc />
    public Tensor UpsampleNearest(Tensor x, ReadOnlySpan<int> outputSize) => _ops.UpsampleNearest(x, outputSize);

    /// <inheritdoc />
    public Tensor GridSample(Tensor x, Tensor grid) => _ops.GridSample(x, grid);

    /// <inheritdoc />
    public Tensor Attention(Tensor q, Tensor k, Tensor v, float scale, Tensor? bias, Tensor? rotaryCos, Tensor? rotarySin) =>
        _ops.Attention(q, k, v, scale, bias, rotaryCos, rotarySin);

    /// <inheritdoc />
    public void Dispose()
    {
        _accelerator.Synchronize();
        _ops.Dispose();
        _accelerator.Dispose();
        _context.Dispose();
    }

    /// <summary>FP32 lanes per multiprocessor (NVIDIA's CUDA programming guide, arithmetic instruction throughput).</summary>
    private static int? Fp32Lanes(CudaArchitecture architecture) => (architecture.Major, architecture.Minor) switch
    {
        (6, 0) or (7, _) or (8, 0) => 64,
        (6, _) or (8, _) or (9, _) or (10, _) or (12, _) => 128,
        _ => null,
    };

    private static string Describe(GpuDeviceKind kind) => kind switch
    {
        GpuDeviceKind.Cuda => "CUDA",
        GpuDeviceKind.OpenCL => "OpenCL",
        _ => "ILGPU CPU simulator",
    };

    private static string Hint(GpuDeviceKind kind) => kind switch
    {
        GpuDeviceKind.Cuda => "Install the NVIDIA driver (libcuda).",
        GpuDeviceKind.OpenCL => "Install the GPU vendor's OpenCL driver (an ICD; OpenCL 2.0 with the generic address space).",
        _ => "",
    };
}

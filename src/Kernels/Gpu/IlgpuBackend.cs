using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Gpu;

/// <summary>
/// The GPU backend: tensors in accelerator memory (pooled; they stay there between ops, only
/// <see cref="Upload"/> and <see cref="Download"/> cross to the host) and our hand-written ILGPU kernels, compiled for
/// CUDA (PTX), OpenCL, or ILGPU's CPU simulator. Kernels are compiled on first use. The op families live in the
/// partial files next to this one; the kernels themselves in Gpu/Kernels.
/// </summary>
public sealed partial class IlgpuBackend : IBackend
{
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly DeviceBufferPool _pool;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _absent;
    private readonly KernelSet _kernels;

    private IlgpuBackend(Context context, Accelerator accelerator, GpuDeviceKind kind, long maxPooledBytes)
    {
        _context = context;
        _accelerator = accelerator;
        Kind = kind;
        _pool = new DeviceBufferPool(accelerator, maxPooledBytes / sizeof(float));
        _absent = accelerator.Allocate1D<float>(1);
        _kernels = new KernelSet(accelerator);
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
                    ? $"No {Describe(options.Device)} device was found. {Hint(options.Device)}"
                    : $"There are {devices.Count} {Describe(options.Device)} devices; device {options.DeviceIndex} does not exist.");
            var accelerator = devices[options.DeviceIndex].CreateAccelerator(context);
            return new IlgpuBackend(context, accelerator, options.Device, options.MaxPooledBytes);
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

    /// <summary>The first CUDA GPU, else the first OpenCL GPU, else null.</summary>
    public static IlgpuBackend? TryOpenBestGpu()
    {
        foreach (var kind in new[] { GpuDeviceKind.Cuda, GpuDeviceKind.OpenCL })
        {
            try
            {
                return Open(new IlgpuBackendOptions { Device = kind });
            }
            catch (InvalidOperationException)
            {
                // none of this kind: try the next
            }
        }
        return null;
    }

    /// <summary>The kind of accelerator.</summary>
    public GpuDeviceKind Kind { get; }

    /// <inheritdoc />
    public string Name => Kind switch { GpuDeviceKind.Cuda => "cuda", GpuDeviceKind.OpenCL => "opencl", _ => "ilgpu-cpu" };

    /// <inheritdoc />
    public string Description => $"{_accelerator.Name} ({Describe(Kind)}, {_accelerator.MemorySize >> 20} MiB, ILGPU kernels)";

    /// <inheritdoc />
    public Tensor Empty(ReadOnlySpan<int> shape)
    {
        int length = ShapeMath.ElementCount(shape);
        return Tensor.FromStorage(this, new DeviceStorage(_pool.Rent(length), length, _pool), shape);
    }

    /// <inheritdoc />
    public Tensor Upload(ReadOnlySpan<float> source, ReadOnlySpan<int> shape)
    {
        var tensor = Empty(shape);
        if (tensor.Length > 0)
            View(tensor).SubView(0, tensor.Length).CopyFromCPU(ref MemoryMarshal.GetReference(source), tensor.Length);
        return tensor;
    }

    /// <inheritdoc />
    public void Download(Tensor source, Span<float> destination)
    {
        if (destination.Length != source.Length)
            throw new ArgumentException($"Download of {source} needs {source.Length} elements, got {destination.Length}.");
        if (source.Length == 0)
            return;
        using var contiguous = source.IsContiguous ? null : Contiguous(source);
        var view = View(contiguous ?? source).SubView(0, source.Length);
        view.CopyToCPU(ref MemoryMarshal.GetReference(destination), source.Length);
    }

    /// <inheritdoc />
    public void Copy(Tensor source, Tensor destination)
    {
        if (!source.Shape.SequenceEqual(destination.Shape))
            throw new ArgumentException($"Copy from {source} to {destination}: shapes differ.");
        if (source.Length > 0)
            _kernels.Copy(_accelerator.DefaultStream, source.Length, Storage(source), StridedLayout.Of(source), Storage(destination), StridedLayout.Of(destination));
    }

    /// <inheritdoc />
    public void Fill(Tensor destination, float value)
    {
        if (destination.Length > 0)
            _kernels.Fill(_accelerator.DefaultStream, destination.Length, Storage(destination), StridedLayout.Of(destination), value);
    }

    /// <summary>Waits until every queued kernel has finished (for timings).</summary>
    public void Synchronize() => _accelerator.Synchronize();

    /// <inheritdoc />
    public void Dispose()
    {
        _accelerator.Synchronize();
        _pool.Dispose();
        _absent.Dispose();
        _accelerator.Dispose();
        _context.Dispose();
    }

    /// <summary>The whole storage of a tensor of this backend (index with the tensor's offset).</summary>
    private ArrayView<float> Storage(Tensor tensor)
    {
        if (!ReferenceEquals(tensor.Backend, this) || tensor.Storage is not DeviceStorage device)
            throw new ArgumentException($"{tensor} does not belong to this {Name} backend.");
        return device.View;
    }

    /// <summary>The elements of a tensor from its offset on (contiguous tensors index from 0).</summary>
    private ArrayView<float> View(Tensor tensor) => Storage(tensor).SubView(tensor.Offset, Storage(tensor).Length - tensor.Offset);

    /// <summary>The elements of an optional contiguous tensor, or a one-element placeholder.</summary>
    private ArrayView<float> ViewOrAbsent(Tensor? tensor) => tensor is null ? _absent.View : View(tensor);

    /// <summary>A contiguous copy of any-strided <paramref name="tensor"/>.</summary>
    private Tensor Contiguous(Tensor tensor)
    {
        var copy = Empty(tensor.Shape);
        Copy(tensor, copy);
        return copy;
    }

    private static string Describe(GpuDeviceKind kind) => kind switch
    {
        GpuDeviceKind.Cuda => "CUDA",
        GpuDeviceKind.OpenCL => "OpenCL",
        _ => "ILGPU CPU simulator",
    };

    private static string Hint(GpuDeviceKind kind) => kind switch
    {
        GpuDeviceKind.Cuda => "Install the NVIDIA driver (libcuda) or choose --device cpu.",
        GpuDeviceKind.OpenCL => "Install the GPU vendor's OpenCL driver (an ICD; OpenCL 2.0 with the generic address space) or choose --device cpu.",
        _ => "",
    };
}

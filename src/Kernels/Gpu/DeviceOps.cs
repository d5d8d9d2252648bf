using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using KDTalker.Kernels.Gpu.Kernels;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Gpu;

/// <summary>
/// The ops of an <see cref="IlgpuBackend"/> for one storage element type <typeparamref name="T"/> (float or half):
/// device buffers from the pool, the kernels loaded for that type, and the host-side checks and launch shapes. Tensors
/// it creates belong to the owning backend. The op families live in the partial files next to this one.
/// </summary>
internal sealed partial class DeviceOps<T, E> : IDeviceOps
    where T : unmanaged where E : struct, IElement<T>
{
    private readonly IBackend _owner;
    private readonly Accelerator _accelerator;
    private readonly DeviceBufferPool<T> _pool;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _absent;
    private readonly KernelSet<T, E> _kernels;
    private readonly StorageCounter _storages = new();
    private readonly DeviceDiagnostics _diagnostics;

    public DeviceOps(IBackend owner, Accelerator accelerator, IlgpuBackendOptions options, DeviceDiagnostics diagnostics)
    {
        _owner = owner;
        _accelerator = accelerator;
        _diagnostics = diagnostics;
        _pool = new DeviceBufferPool<T>(accelerator, options.MaxPooledBytes / Marshal.SizeOf<T>(), options.GuardElements,
            default(E).Store(GuardSentinel), diagnostics);
        _absent = accelerator.Allocate1D<T>(1);
        _kernels = new KernelSet<T, E>(accelerator);
    }

    /// <summary>What guard elements hold: a value no kernel computes by accident, exact in float32 and in half precision.</summary>
    private const float GuardSentinel = -30464f;

    public string Name => _owner.Name;

    public string Description => _owner.Description;

    private AcceleratorStream Stream => _accelerator.DefaultStream;

    public long LiveStorages => _storages.Live;

    public Tensor Empty(ReadOnlySpan<int> shape)
    {
        int length = ShapeMath.ElementCount(shape);
        return Tensor.FromStorage(_owner, new DeviceStorage<T>(_pool.Rent(length), length, _pool, _storages), shape);
    }

    public Tensor Upload(ReadOnlySpan<float> source, ReadOnlySpan<int> shape)
    {
        var tensor = Empty(shape);
        if (tensor.Length == 0)
            return tensor;
        // Host copies are not ordered with queued kernels on every accelerator (ILGPU's CPU accelerator copies at once):
        // wait, so a pooled buffer a pending kernel still reads is never overwritten.
        Synchronize();
        var view = View(tensor).SubView(0, tensor.Length);
        if (typeof(T) == typeof(float))
        {
            view.CopyFromCPU(ref Unsafe.As<float, T>(ref MemoryMarshal.GetReference(source)), tensor.Length);
            return tensor;
        }
        var converted = new T[tensor.Length];
        var element = default(E);
        for (int i = 0; i < converted.Length; i++)
            converted[i] = element.Store(source[i]);
        view.CopyFromCPU(converted);
        return tensor;
    }

    public void Download(Tensor source, Span<float> destination)
    {
        if (destination.Length != source.Length)
            throw new ArgumentException($"Download of {source} needs {source.Length} elements, got {destination.Length}.");
        if (source.Length == 0)
            return;
        using var contiguous = source.IsContiguous ? null : Contiguous(source);
        Synchronize(); // the kernels that produce the values must have finished
        var view = View(contiguous ?? source).SubView(0, source.Length);
        if (typeof(T) == typeof(float))
        {
            view.CopyToCPU(ref Unsafe.As<float, T>(ref MemoryMarshal.GetReference(destination)), source.Length);
            return;
        }
        var stored = new T[source.Length];
        view.CopyToCPU(stored);
        var element = default(E);
        for (int i = 0; i < stored.Length; i++)
            destination[i] = element.Load(stored[i]);
    }

    public void Copy(Tensor source, Tensor destination)
    {
        if (!source.Shape.SequenceEqual(destination.Shape))
            throw new ArgumentException($"Copy from {source} to {destination}: shapes differ.");
        if (source.Length > 0)
            _kernels.Copy(Stream, source.Length, Storage(source), StridedLayout.Of(source), Storage(destination), StridedLayout.Of(destination));
    }

    public void Fill(Tensor destination, float value)
    {
        if (destination.Length > 0)
            _kernels.Fill(Stream, destination.Length, Storage(destination), StridedLayout.Of(destination), value);
    }

    /// <summary>Waits for every queued kernel, and counts the stall.</summary>
    public void Synchronize()
    {
        _diagnostics.CountSynchronization();
        Stream.Synchronize();
    }

    public void Dispose()
    {
        _pool.Dispose();
        _absent.Dispose();
    }

    /// <summary>The whole storage of a tensor of this backend (index with the tensor's offset).</summary>
    private ArrayView<T> Storage(Tensor tensor)
    {
        if (!ReferenceEquals(tensor.Backend, _owner) || tensor.Storage is not DeviceStorage<T> device)
            throw new ArgumentException($"{tensor} does not belong to this {Name} backend.");
        return device.View;
    }

    /// <summary>The elements of a tensor from its offset on (contiguous tensors index from 0).</summary>
    private ArrayView<T> View(Tensor tensor)
    {
        var storage = Storage(tensor);
        return storage.SubView(tensor.Offset, storage.Length - tensor.Offset);
    }

    /// <summary>The elements of an optional contiguous tensor, or a one-element placeholder.</summary>
    private ArrayView<T> ViewOrAbsent(Tensor? tensor) => tensor is null ? _absent.View : View(tensor);

    /// <summary>A contiguous copy of any-strided <paramref name="tensor"/>.</summary>
    private Tensor Contiguous(Tensor tensor)
    {
        var copy = Empty(tensor.Shape);
        Copy(tensor, copy);
        return copy;
    }
}

using ILGPU;
using ILGPU.Runtime;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Gpu;

/// <summary>Tensor storage in accelerator memory, rented from a <see cref="DeviceBufferPool{T}"/> and returned when released.</summary>
internal sealed class DeviceStorage<T> : TensorStorage
    where T : unmanaged
{
    private readonly DeviceBufferPool<T> _pool;
    private MemoryBuffer1D<T, Stride1D.Dense>? _buffer;

    public DeviceStorage(MemoryBuffer1D<T, Stride1D.Dense> buffer, int length, DeviceBufferPool<T> pool, StorageCounter storages) : base(length, storages)
    {
        _buffer = buffer;
        _pool = pool;
    }

    /// <summary>The elements (the buffer may be longer: pooled sizes are rounded up).</summary>
    public ArrayView<T> View => (_buffer ?? throw new ObjectDisposedException(nameof(DeviceStorage<T>))).View.SubView(0, Length);

    protected override void Free()
    {
        var buffer = _buffer;
        _buffer = null;
        if (buffer is not null)
            _pool.Return(buffer, Length);
    }
}

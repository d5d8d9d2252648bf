using System.Runtime.InteropServices;

namespace KDTalker.Tensors;

/// <summary>
/// Tensor storage in host memory: 64-byte aligned native memory rented from a
/// <see cref="HostBufferPool"/>. Backends that run on the CPU read it through <see cref="Pointer"/>.
/// </summary>
public sealed unsafe class HostStorage : TensorStorage
{
    private readonly HostBufferPool? _pool;
    private readonly int _capacity;
    private float* _pointer;

    internal HostStorage(float* pointer, int length, int capacity, HostBufferPool? pool) : base(length, pool?.Storages)
    {
        _pointer = pointer;
        _capacity = capacity;
        _pool = pool;
    }

    /// <summary>Finalizer: frees the memory of a tensor that was never disposed.</summary>
    ~HostStorage()
    {
        if (_pointer != null)
            NativeMemory.AlignedFree(_pointer);
    }

    /// <summary>Address of element 0. Valid until the storage is released.</summary>
    public float* Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_pointer == null, this);
            return _pointer;
        }
    }

    /// <summary>The elements as a span. Valid until the storage is released.</summary>
    public Span<float> Span => new(Pointer, Length);

    /// <inheritdoc />
    protected override void Free()
    {
        var pointer = _pointer;
        _pointer = null;
        GC.SuppressFinalize(this);
        if (_pool is null)
            NativeMemory.AlignedFree(pointer);
        else
            _pool.Return(pointer, _capacity);
    }
}

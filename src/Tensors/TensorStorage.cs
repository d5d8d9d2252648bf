namespace KDTalker.Tensors;

/// <summary>
/// Memory that holds tensor elements, owned by one backend and shared by every view of it.
/// Reference counted: each <see cref="Tensor"/> over the storage holds one reference, and the
/// memory goes back to its backend when the last one is disposed.
/// </summary>
public abstract class TensorStorage
{
    private readonly StorageCounter? _counter;
    private int _references = 1;

    /// <summary>
    /// Creates storage with one reference, held by whoever allocated it, and counts it live in
    /// <paramref name="counter"/> (its backend's) until the last reference is released.
    /// </summary>
    protected TensorStorage(int length, StorageCounter? counter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        _counter = counter;
        counter?.Allocated();
    }

    /// <summary>Number of float32 elements the storage holds.</summary>
    public int Length { get; }

    /// <summary>True once the last reference has been released.</summary>
    public bool IsReleased => Volatile.Read(ref _references) <= 0;

    internal void Retain()
    {
        if (Interlocked.Increment(ref _references) <= 1)
            throw new ObjectDisposedException(GetType().Name, "The tensor's storage was already released.");
    }

    internal void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Free();
            _counter?.Released();
        }
    }

    /// <summary>Returns the memory to its owner; called once, when the last reference goes.</summary>
    protected abstract void Free();
}

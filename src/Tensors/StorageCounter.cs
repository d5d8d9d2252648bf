namespace KDTalker.Tensors;

/// <summary>
/// How many storages a backend has handed out that are not yet released: one interlocked add per allocation and
/// per release, always on. A count that does not return to its earlier value after some work is a tensor that
/// was never disposed (its memory would only come back through a finalizer, if at all).
/// </summary>
public sealed class StorageCounter
{
    private long _live;

    /// <summary>Storages allocated and not yet released.</summary>
    public long Live => Interlocked.Read(ref _live);

    internal void Allocated() => Interlocked.Increment(ref _live);

    internal void Released() => Interlocked.Decrement(ref _live);
}

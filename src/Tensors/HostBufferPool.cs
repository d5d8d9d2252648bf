using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace KDTalker.Tensors;

/// <summary>
/// A pool of 64-byte aligned native buffers for host tensors. A network's forward pass allocates
/// the same shapes every frame; renting from here avoids page-faulting fresh memory each time.
/// Sizes are rounded up to classes spaced a quarter power of two apart (at most 25% slack).
/// Thread-safe. Disposing the pool frees the cached buffers; buffers still in use are freed when
/// their tensors are disposed.
/// </summary>
public sealed unsafe class HostBufferPool : IDisposable
{
    private const int Alignment = 64;
    private readonly ConcurrentDictionary<int, ConcurrentBag<nint>> _free = new();
    private readonly long _maxCachedBytes;
    private long _cachedBytes;
    private bool _disposed;

    /// <summary>Creates a pool that keeps at most <paramref name="maxCachedBytes"/> of idle buffers.</summary>
    public HostBufferPool(long maxCachedBytes = 4L << 30) => _maxCachedBytes = maxCachedBytes;

    /// <summary>The storages rented from this pool and not yet released.</summary>
    public StorageCounter Storages { get; } = new();

    /// <summary>Bytes held in idle buffers, ready to be rented again.</summary>
    public long CachedBytes => Interlocked.Read(ref _cachedBytes);

    /// <summary>Rents storage for <paramref name="length"/> floats. Its contents are undefined.</summary>
    public HostStorage Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        int capacity = SizeClass(length);
        if (_free.TryGetValue(capacity, out var bag) && bag.TryTake(out var cached))
        {
            Interlocked.Add(ref _cachedBytes, -(long)capacity * sizeof(float));
            return new HostStorage((float*)cached, length, capacity, this);
        }
        var pointer = (float*)NativeMemory.AlignedAlloc((nuint)capacity * sizeof(float), Alignment);
        if (pointer == null)
            throw new OutOfMemoryException($"Could not allocate {capacity * 4L / (1 << 20)} MiB for a tensor.");
        return new HostStorage(pointer, length, capacity, this);
    }

    internal void Return(float* pointer, int capacity)
    {
        long bytes = (long)capacity * sizeof(float);
        if (_disposed || Interlocked.Add(ref _cachedBytes, bytes) > _maxCachedBytes)
        {
            if (!_disposed)
                Interlocked.Add(ref _cachedBytes, -bytes);
            NativeMemory.AlignedFree(pointer);
            return;
        }
        _free.GetOrAdd(capacity, _ => new ConcurrentBag<nint>()).Add((nint)pointer);
    }

    /// <summary>Rounds a request up to its size class: multiples of 16 floats, then quarter powers of two.</summary>
    internal static int SizeClass(int length)
    {
        if (length <= 4096)
            return Math.Max(16, (length + 15) & ~15);
        int power = 31 - int.LeadingZeroCount(length - 1); // 2^power < length <= 2^(power+1)
        long quarter = 1L << (power - 2);
        long rounded = (length + quarter - 1) / quarter * quarter;
        return (int)Math.Min(rounded, int.MaxValue - 63);
    }

    /// <summary>Frees every idle buffer.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        foreach (var bag in _free.Values)
            while (bag.TryTake(out var pointer))
                NativeMemory.AlignedFree((void*)pointer);
        _free.Clear();
        Interlocked.Exchange(ref _cachedBytes, 0);
    }
}

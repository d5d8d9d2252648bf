using ILGPU;
using ILGPU.Runtime;

namespace KDTalker.Kernels.Gpu;

/// <summary>
/// Reuses device allocations: sizes round up to a power of two below 1 Mi elements and to a multiple of 1 Mi above,
/// so a network's per-frame intermediates come back from the pool after the first frame instead of from the driver.
/// Holds at most <see cref="MaxPooledElements"/> idle elements.
/// </summary>
internal sealed class DeviceBufferPool<T> : IDisposable
    where T : unmanaged
{
    private const long Mi = 1 << 20;
    private readonly Accelerator _accelerator;
    private readonly Dictionary<long, Stack<MemoryBuffer1D<T, Stride1D.Dense>>> _idle = new();
    private long _idleElements;

    public DeviceBufferPool(Accelerator accelerator, long maxPooledElements)
    {
        _accelerator = accelerator;
        MaxPooledElements = maxPooledElements;
    }

    public long MaxPooledElements { get; }

    public MemoryBuffer1D<T, Stride1D.Dense> Rent(int length)
    {
        long size = Bucket(length);
        lock (_idle)
        {
            if (_idle.TryGetValue(size, out var stack) && stack.Count > 0)
            {
                _idleElements -= size;
                return stack.Pop();
            }
        }
        return _accelerator.Allocate1D<T>(size);
    }

    public void Return(MemoryBuffer1D<T, Stride1D.Dense> buffer)
    {
        lock (_idle)
        {
            if (_idleElements + buffer.Length <= MaxPooledElements)
            {
                if (!_idle.TryGetValue(buffer.Length, out var stack))
                    _idle[buffer.Length] = stack = new Stack<MemoryBuffer1D<T, Stride1D.Dense>>();
                stack.Push(buffer);
                _idleElements += buffer.Length;
                return;
            }
        }
        buffer.Dispose();
    }

    public void Dispose()
    {
        lock (_idle)
        {
            foreach (var stack in _idle.Values)
                foreach (var buffer in stack)
                    buffer.Dispose();
            _idle.Clear();
            _idleElements = 0;
        }
    }

    private static long Bucket(int length)
    {
        long size = Math.Max(length, 1);
        return size < Mi ? (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)size) : (size + Mi - 1) / Mi * Mi;
    }
}

using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;

namespace KDTalker.Kernels.Gpu;

/// <summary>
/// Reuses device allocations: sizes round up to a power of two below 1 Mi elements and to a multiple of 1 Mi above,
/// so a network's per-frame intermediates come back from the pool after the first frame instead of from the driver.
/// Holds at most <see cref="MaxPooledElements"/> idle elements. With guard elements, each buffer is rented with that
/// many <c>sentinel</c> values after the requested length and checked when it comes back (see
/// <see cref="IlgpuBackendOptions.GuardElements"/>).
/// </summary>
internal sealed class DeviceBufferPool<T> : IDisposable
    where T : unmanaged
{
    private const long Mi = 1 << 20;
    private readonly Accelerator _accelerator;
    private readonly Dictionary<long, Stack<MemoryBuffer1D<T, Stride1D.Dense>>> _idle = new();
    private readonly T[] _guard;
    private readonly DeviceDiagnostics _diagnostics;
    private long _idleElements;

    public DeviceBufferPool(Accelerator accelerator, long maxPooledElements, int guardElements, T sentinel, DeviceDiagnostics diagnostics)
    {
        _accelerator = accelerator;
        MaxPooledElements = maxPooledElements;
        _guard = Enumerable.Repeat(sentinel, guardElements).ToArray();
        _diagnostics = diagnostics;
    }

    public long MaxPooledElements { get; }

    public MemoryBuffer1D<T, Stride1D.Dense> Rent(int length)
    {
        long size = Bucket(length + _guard.Length);
        MemoryBuffer1D<T, Stride1D.Dense>? buffer = null;
        lock (_idle)
        {
            if (_idle.TryGetValue(size, out var stack) && stack.Count > 0)
            {
                _idleElements -= size;
                buffer = stack.Pop();
            }
        }
        buffer ??= _accelerator.Allocate1D<T>(size);
        if (_guard.Length > 0)
        {
            _accelerator.Synchronize(); // a queued kernel of the buffer's previous owner may still write there
            buffer.View.SubView(length, _guard.Length).CopyFromCPU(_guard);
        }
        return buffer;
    }

    /// <summary>Takes back a buffer rented for <paramref name="length"/> elements.</summary>
    public void Return(MemoryBuffer1D<T, Stride1D.Dense> buffer, int length)
    {
        if (_guard.Length > 0)
            CheckGuard(buffer, length);
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

    private void CheckGuard(MemoryBuffer1D<T, Stride1D.Dense> buffer, int length)
    {
        _accelerator.Synchronize();
        var guard = new T[_guard.Length];
        buffer.View.SubView(length, guard.Length).CopyToCPU(guard);
        var expected = MemoryMarshal.AsBytes(_guard.AsSpan());
        var found = MemoryMarshal.AsBytes(guard.AsSpan());
        if (found.SequenceEqual(expected))
            return;
        int first = Enumerable.Range(0, guard.Length).First(i => !guard[i].Equals(_guard[i]));
        int written = Enumerable.Range(0, guard.Length).Count(i => !guard[i].Equals(_guard[i]));
        _diagnostics.ReportGuardViolation(
            $"a kernel wrote {written} of the {guard.Length} guard elements after a {length}-element buffer, the first at element {length + first} " +
            $"({guard[first]})");
    }

    private static long Bucket(int length)
    {
        long size = Math.Max(length, 1);
        return size < Mi ? (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)size) : (size + Mi - 1) / Mi * Mi;
    }
}

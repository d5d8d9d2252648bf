namespace KDTalker.Kernels.Gpu;

/// <summary>
/// What an <see cref="IlgpuBackend"/> counts about itself: the host↔device synchronisations (each one stalls the
/// host until the device queue drains) and, with guard regions on, every buffer a kernel wrote past. Thread-safe.
/// </summary>
internal sealed class DeviceDiagnostics
{
    private readonly List<string> _guardViolations = [];
    private long _synchronizations;

    public long Synchronizations => Interlocked.Read(ref _synchronizations);

    public void CountSynchronization() => Interlocked.Increment(ref _synchronizations);

    public IReadOnlyList<string> GuardViolations
    {
        get
        {
            lock (_guardViolations)
                return _guardViolations.ToArray();
        }
    }

    public void ReportGuardViolation(string message)
    {
        lock (_guardViolations)
            _guardViolations.Add(message);
    }
}

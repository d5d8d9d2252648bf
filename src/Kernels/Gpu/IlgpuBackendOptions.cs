namespace KDTalker.Kernels.Gpu;

/// <summary>Settings of an <see cref="IlgpuBackend"/>.</summary>
public sealed record IlgpuBackendOptions
{
    /// <summary>The accelerator to open.</summary>
    public GpuDeviceKind Device { get; init; } = GpuDeviceKind.Cuda;

    /// <summary>Which device of that kind, in ILGPU's enumeration order.</summary>
    public int DeviceIndex { get; init; }

    /// <summary>
    /// Store tensors (weights and activations) in IEEE half precision: half the memory and bandwidth; kernels still
    /// compute and accumulate in float32. The error against float32 storage is measured in the tests.
    /// </summary>
    public bool HalfPrecision { get; init; }

    /// <summary>Idle device memory the buffer pool may keep for reuse.</summary>
    public long MaxPooledBytes { get; init; } = 2L << 30;

    /// <summary>
    /// For kernel writers: every device buffer gets this many sentinel elements after its end, checked when the buffer
    /// is released, so a kernel that writes past its output shows up in <see cref="IlgpuBackend.GuardViolations"/>.
    /// Each allocation and release then waits for the device: 0 (off) outside tests.
    /// </summary>
    public int GuardElements { get; init; }
}

namespace KDTalker.Kernels.Gpu;

/// <summary>Settings of an <see cref="IlgpuBackend"/>.</summary>
public sealed record IlgpuBackendOptions
{
    /// <summary>The accelerator to open.</summary>
    public GpuDeviceKind Device { get; init; } = GpuDeviceKind.Cuda;

    /// <summary>Which device of that kind, in ILGPU's enumeration order.</summary>
    public int DeviceIndex { get; init; }

    /// <summary>Idle device memory the buffer pool may keep for reuse.</summary>
    public long MaxPooledBytes { get; init; } = 2L << 30;
}

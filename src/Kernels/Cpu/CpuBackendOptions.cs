namespace KDTalker.Kernels.Cpu;

/// <summary>Settings of a <see cref="CpuBackend"/>.</summary>
public sealed record CpuBackendOptions
{
    /// <summary>Worker threads for parallel kernels; 0 means one per logical core.</summary>
    public int Threads { get; init; }

    /// <summary>The widest vector path allowed; the backend uses the lower of this and the hardware's best.</summary>
    public SimdLevel MaxSimd { get; init; } = SimdLevel.Vector512;

    /// <summary>Winograd where it applies (the default) or the direct convolution everywhere.</summary>
    public ConvolutionAlgorithm Convolution { get; init; } = ConvolutionAlgorithm.Auto;

    /// <summary>Most bytes of idle tensor buffers kept for reuse.</summary>
    public long MaxPooledBytes { get; init; } = 4L << 30;
}

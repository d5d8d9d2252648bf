namespace KDTalker.Kernels.Gpu;

/// <summary>Which ILGPU accelerator runs the kernels.</summary>
public enum GpuDeviceKind
{
    /// <summary>An NVIDIA GPU through CUDA (PTX).</summary>
    Cuda,
    /// <summary>An OpenCL 2.0+ GPU (the generic address space is required).</summary>
    OpenCL,
    /// <summary>ILGPU's CPU accelerator: a slow simulator (~1 µs per thread) that runs the same kernels, for tests.</summary>
    IlgpuCpu,
}

namespace KDTalker.Kernels;

/// <summary>Where the engine computes: the choice behind `--device` and <see cref="Backends.Create"/>.</summary>
public enum ComputeDevice
{
    /// <summary>The best GPU found (CUDA, then OpenCL), else the CPU backend.</summary>
    Auto,
    /// <summary>The managed SIMD CPU backend.</summary>
    Cpu,
    /// <summary>An NVIDIA GPU through ILGPU's CUDA backend.</summary>
    Cuda,
    /// <summary>An OpenCL 2.0+ GPU through ILGPU.</summary>
    OpenCL,
    /// <summary>The GPU kernels on ILGPU's CPU simulator (slow; for checking kernels without a GPU).</summary>
    IlgpuCpu,
}

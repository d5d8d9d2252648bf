using KDTalker.Kernels.Cpu;
using KDTalker.Kernels.Gpu;
using KDTalker.Tensors;

namespace KDTalker.Kernels;

/// <summary>Creates the compute backend an app asks for; apps choose it where they start and pass it to the engine.</summary>
public static class Backends
{
    /// <summary>The names `--device` accepts, in <see cref="ComputeDevice"/> order.</summary>
    public static IReadOnlyList<string> DeviceNames { get; } = ["auto", "cpu", "cuda", "opencl", "ilgpu-cpu"];

    /// <summary>Parses a device name (case-insensitive); null when it is not one of <see cref="DeviceNames"/>.</summary>
    public static ComputeDevice? ParseDevice(string name)
    {
        int index = DeviceNames.ToList().FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : (ComputeDevice)index;
    }

    /// <summary>
    /// The backend for <paramref name="device"/>: <see cref="ComputeDevice.Auto"/> takes the best GPU and falls back to
    /// the CPU; naming a GPU kind that is not there is an error.
    /// </summary>
    /// <exception cref="InvalidOperationException">The named GPU kind has no usable device.</exception>
    public static IBackend Create(ComputeDevice device, CpuBackendOptions? cpu = null, IlgpuBackendOptions? gpu = null)
    {
        gpu ??= new IlgpuBackendOptions();
        return device switch
        {
            ComputeDevice.Cpu => new CpuBackend(cpu),
            ComputeDevice.Auto => (IBackend?)IlgpuBackend.TryOpenBestGpu(gpu) ?? new CpuBackend(cpu),
            ComputeDevice.Cuda => IlgpuBackend.Open(gpu with { Device = GpuDeviceKind.Cuda }),
            ComputeDevice.OpenCL => IlgpuBackend.Open(gpu with { Device = GpuDeviceKind.OpenCL }),
            _ => IlgpuBackend.Open(gpu with { Device = GpuDeviceKind.IlgpuCpu }),
        };
    }
}

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
    /// the CPU; naming a GPU kind that is not there is an error. <paramref name="notice"/> hears, in a sentence, why auto
    /// fell back to the CPU, and that half-precision storage is ignored when the CPU computes.
    /// </summary>
    /// <exception cref="InvalidOperationException">The named GPU kind has no usable device.</exception>
    public static IBackend Create(ComputeDevice device, CpuBackendOptions? cpu = null, IlgpuBackendOptions? gpu = null, Action<string>? notice = null)
    {
        gpu ??= new IlgpuBackendOptions();
        if (device == ComputeDevice.Auto)
        {
            if (IlgpuBackend.TryOpenBestGpu(gpu, out string? unavailable) is { } best)
                return best;
            notice?.Invoke($"no usable GPU, so the CPU computes. {unavailable}");
        }
        if (device is ComputeDevice.Auto or ComputeDevice.Cpu)
        {
            if (gpu.HalfPrecision)
                notice?.Invoke("half-precision (fp16) storage is ignored: it applies to the GPU backends, and the CPU backend stores and computes float32.");
            return new CpuBackend(cpu);
        }
        return device switch
        {
            ComputeDevice.Cuda => IlgpuBackend.Open(gpu with { Device = GpuDeviceKind.Cuda }),
            ComputeDevice.OpenCL => IlgpuBackend.Open(gpu with { Device = GpuDeviceKind.OpenCL }),
            _ => IlgpuBackend.Open(gpu with { Device = GpuDeviceKind.IlgpuCpu }),
        };
    }
}

using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace KDTalker.Kernels.Gpu;

/// <summary>Creates ILGPU contexts and finds devices of each kind.</summary>
internal static class DeviceDiscovery
{
    private static readonly Lazy<bool> OpenClResolver = new(InstallOpenClResolver);

    /// <summary>A context for <paramref name="kind"/> and its devices of that kind (possibly none).</summary>
    public static (Context Context, IReadOnlyList<Device> Devices) Open(GpuDeviceKind kind)
    {
        if (kind == GpuDeviceKind.OpenCL)
            _ = OpenClResolver.Value;
        var context = Context.Create(builder =>
        {
            _ = kind switch
            {
                GpuDeviceKind.Cuda => builder.Cuda(),
                GpuDeviceKind.OpenCL => builder.OpenCL(),
                // Warp 32 and groups up to 256 threads, the largest group the kernels launch: the GPU launch shapes run
                // unchanged on a quarter of the host threads CPUDevice.Nvidia (1024) would start, each one stopping at every barrier.
                _ => builder.CPU(new CPUDevice(32, 8, 1)),
            };
            builder.EnableAlgorithms().Optimize(OptimizationLevel.O2);
        });
        IReadOnlyList<Device> devices = kind switch
        {
            GpuDeviceKind.Cuda => List(context.GetCudaDevices()),
            GpuDeviceKind.OpenCL => List(context.GetCLDevices()),
            _ => List(context.GetCPUDevices()),
        };
        return (context, devices);
    }

    /// <summary>Why a context of <paramref name="kind"/> lists no device, as a clause for an error message.</summary>
    public static string WhyNone(GpuDeviceKind kind) => kind switch
    {
        GpuDeviceKind.Cuda => CanLoad("libcuda.so.1", "nvcuda.dll")
            ? "the NVIDIA driver is installed but reports no CUDA device (is the GPU visible to this process? nvidia-smi lists what the driver sees)"
            : "no NVIDIA driver (libcuda.so.1 could not be loaded)",
        GpuDeviceKind.OpenCL => CanLoad("libOpenCL.so.1", "libOpenCL.so", "OpenCL.dll")
            ? "the OpenCL loader is installed but no driver offers a device ILGPU can use (OpenCL 2.0 with the generic address space)"
            : "no OpenCL loader (libOpenCL.so.1 could not be loaded)",
        _ => "ILGPU's CPU simulator lists no device",
    };

    /// <summary>Null when ILGPU can generate code for <paramref name="device"/>, else why not.</summary>
    public static string? Unsupported(Device device) => device is CudaDevice { InstructionSet: null } cuda
        ? $"its driver (CUDA {cuda.DriverVersion}) is too old for the PTX ILGPU writes for {cuda.Architecture}: install an NVIDIA driver for CUDA 12.0 or later"
        : null;

    private static bool CanLoad(params string[] names)
    {
        foreach (var name in names)
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                NativeLibrary.Free(handle);
                return true;
            }
        return false;
    }

    private static List<Device> List<T>(Context.DeviceCollection<T> devices) where T : Device
    {
        var list = new List<Device>();
        foreach (var device in devices)
            list.Add(device);
        return list;
    }

    /// <summary>
    /// Debian and Ubuntu ship the OpenCL ICD loader as libOpenCL.so.1 only (the unversioned name comes with the -dev
    /// package), and .NET probes the unversioned name: point ILGPU's P/Invokes at the versioned file. Process-wide,
    /// installed once.
    /// </summary>
    private static bool InstallOpenClResolver()
    {
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Context).Assembly, (name, _, _) =>
                name.Contains("OpenCL", StringComparison.OrdinalIgnoreCase) && NativeLibrary.TryLoad("libOpenCL.so.1", out var handle) ? handle : IntPtr.Zero);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // the host application installed its own resolver: leave it in charge
        }
    }
}

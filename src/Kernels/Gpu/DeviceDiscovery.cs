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
                _ => builder.CPU(CPUDevice.Nvidia), // warp 32, groups up to 1024 threads: the GPU launch shapes run unchanged
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

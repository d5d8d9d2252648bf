using KDTalker.Kernels.Cpu;
using KDTalker.Kernels.Gpu;
using KDTalker.Tensors;
using Xunit;

namespace KDTalker.Tests.Support;

/// <summary>
/// Every backend configuration the op tests run on (ggml's test-backend-ops idea: one table, every backend, one
/// float64 truth): each SIMD path this machine can execute, with one thread and with several (so the scalar and
/// Vector128 paths are tested even on an AVX2 machine); ILGPU's CPU simulator with float32 and with half-precision
/// storage; and CUDA and OpenCL devices when this machine has them. The ILGPU backends are opened once per test run
/// (their kernels compile on first use) with guard regions after every buffer, and lent to one test at a time.
/// </summary>
public static class TestBackends
{
    /// <summary>Sentinel elements after every device buffer of the shared ILGPU backends.</summary>
    private const int GuardElements = 64;

    private static readonly Lazy<GpuDeviceKind[]> PresentDevices = new(FindDevices);
    private static readonly Dictionary<string, SharedDevice> Devices = [];

    /// <summary>Names for [MemberData]: "simd/threads" for the CPU, "device/fp32" and "device/fp16" for ILGPU.</summary>
    public static TheoryData<string> All
    {
        get
        {
            var data = Cpu;
            foreach (var kind in PresentDevices.Value)
            {
                data.Add($"{Name(kind)}/fp32");
                data.Add($"{Name(kind)}/fp16");
            }
            return data;
        }
    }

    /// <summary>Every backend that stores float32: for checks finer than half precision's rounding (2^-11 relative).</summary>
    public static TheoryData<string> Float32Storage
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in All)
                if (!name.EndsWith("/fp16", StringComparison.Ordinal))
                    data.Add(name);
            return data;
        }
    }

    /// <summary>The CPU configurations only, for shapes too large for ILGPU's CPU simulator (each test says which smaller case covers the GPU).</summary>
    public static TheoryData<string> Cpu
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var level in Enum.GetValues<SimdLevel>())
            {
                if (level > CpuFeatures.Best)
                    continue;
                data.Add($"{level}/1");
                data.Add($"{level}/3");
            }
            return data;
        }
    }

    /// <summary>
    /// The backend a name from <see cref="All"/> stands for: a new CPU backend, or a lease on the shared ILGPU backend
    /// whose disposal fails the test if a kernel wrote past the end of any buffer released meanwhile.
    /// </summary>
    public static IBackend Create(string name)
    {
        var parts = name.Split('/');
        if (Enum.TryParse<SimdLevel>(parts[0], out var level))
            return new CpuBackend(new CpuBackendOptions { MaxSimd = level, Threads = int.Parse(parts[1]) });
        SharedDevice device;
        lock (Devices)
        {
            if (!Devices.TryGetValue(name, out device!))
                Devices[name] = device = new SharedDevice(new IlgpuBackendOptions
                {
                    Device = PresentDevices.Value.Single(kind => Name(kind) == parts[0]),
                    HalfPrecision = parts[1] == "fp16",
                    GuardElements = GuardElements,
                });
        }
        return device.Lease();
    }

    /// <summary>
    /// True for ILGPU's CPU simulator, which runs every GPU thread on the host and synchronises them at each barrier
    /// (a tiled GEMM group costs about a millisecond per K step): its rows get the small cases.
    /// </summary>
    public static bool IsSimulator(string name) => name.StartsWith("ilgpu-cpu/", StringComparison.Ordinal);

    /// <summary>True when <paramref name="backend"/> (or the backend a lease stands for) stores tensors in half precision.</summary>
    public static bool StoresHalf(IBackend backend) =>
        (backend is DeviceLease lease ? lease.Device : backend) is IlgpuBackend { HalfPrecision: true };

    private static string Name(GpuDeviceKind kind) => kind switch
    {
        GpuDeviceKind.Cuda => "cuda",
        GpuDeviceKind.OpenCL => "opencl",
        _ => "ilgpu-cpu",
    };

    private static GpuDeviceKind[] FindDevices()
    {
        var present = new List<GpuDeviceKind> { GpuDeviceKind.IlgpuCpu };
        foreach (var kind in new[] { GpuDeviceKind.Cuda, GpuDeviceKind.OpenCL })
        {
            try
            {
                using var probe = IlgpuBackend.Open(new IlgpuBackendOptions { Device = kind });
                present.Add(kind);
            }
            catch (InvalidOperationException)
            {
                // no such device on this machine
            }
        }
        return [.. present];
    }

    /// <summary>One ILGPU backend for the whole test run, lent to one test at a time, closed when the process exits.</summary>
    private sealed class SharedDevice
    {
        private readonly SemaphoreSlim _turn = new(1, 1);

        public SharedDevice(IlgpuBackendOptions options)
        {
            Backend = IlgpuBackend.Open(options);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Backend.Dispose();
        }

        public IlgpuBackend Backend { get; }

        public DeviceLease Lease()
        {
            _turn.Wait();
            return new DeviceLease(Backend, () => _turn.Release());
        }
    }
}

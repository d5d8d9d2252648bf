using KDTalker.Kernels;
using KDTalker.Kernels.Cpu;
using KDTalker.Tensors;

namespace KDTalker.Cli;

/// <summary>Creates the compute backend from `--device`, `--threads N` and `--simd LEVEL`.</summary>
internal static class BackendOptions
{
    public const string Help = "--device auto|cpu|cuda|opencl|ilgpu-cpu (default auto: the best GPU, else the CPU)  --threads N (CPU; default: all cores)  --simd scalar|vector128|vector256|vector512 (CPU; default: best available)";

    public static IBackend Create(Arguments arguments, string defaultDevice = "auto")
    {
        int threads = arguments.IntOption("threads", 0);
        if (threads < 0)
            throw new UsageException("--threads must be 0 (all cores) or more.");
        string? simd = arguments.Option("simd");
        var level = SimdLevel.Vector512;
        if (simd is not null && !Enum.TryParse(simd, ignoreCase: true, out level))
            throw new UsageException($"--simd must be scalar, vector128, vector256 or vector512, not '{simd}'.");
        string name = arguments.Option("device") ?? defaultDevice;
        var device = Backends.ParseDevice(name)
            ?? throw new UsageException($"--device must be one of {string.Join(", ", Backends.DeviceNames)}, not '{name}'.");
        try
        {
            return Backends.Create(device, new CpuBackendOptions { Threads = threads, MaxSimd = level });
        }
        catch (InvalidOperationException error)
        {
            throw new UsageException($"--device {name}: {error.Message}");
        }
    }
}

using KDTalker.Kernels;
using KDTalker.Kernels.Cpu;
using KDTalker.Kernels.Gpu;
using KDTalker.Tensors;

namespace KDTalker.Cli;

/// <summary>Creates the compute backend from `--device`, `--precision`, `--threads N` and `--simd LEVEL`.</summary>
internal static class BackendOptions
{
    public const string Help = "--device auto|cpu|cuda|opencl|ilgpu-cpu (default auto: the best GPU, else the CPU)  --precision fp32|fp16 (GPU tensor storage; default fp32)  --threads N (CPU; default: all cores)  --simd scalar|vector128|vector256|vector512 (CPU; default: best available)";

    public static IBackend Create(Arguments arguments)
    {
        int threads = arguments.IntOption("threads", 0);
        if (threads < 0)
            throw new UsageException("--threads must be 0 (all cores) or more.");
        string? simd = arguments.Option("simd");
        var level = SimdLevel.Vector512;
        if (simd is not null && !Enum.TryParse(simd, ignoreCase: true, out level))
            throw new UsageException($"--simd must be scalar, vector128, vector256 or vector512, not '{simd}'.");
        string precision = arguments.Option("precision") ?? "fp32";
        if (precision is not ("fp32" or "fp16"))
            throw new UsageException($"--precision must be fp32 or fp16, not '{precision}'.");
        string name = arguments.Option("device") ?? "auto";
        var device = Backends.ParseDevice(name)
            ?? throw new UsageException($"--device must be one of {string.Join(", ", Backends.DeviceNames)}, not '{name}'.");
        if (precision == "fp16" && device == ComputeDevice.Cpu)
            throw new UsageException("--precision fp16 applies to the GPU backends; the CPU backend computes in float32.");
        try
        {
            return Backends.Create(device, new CpuBackendOptions { Threads = threads, MaxSimd = level }, new IlgpuBackendOptions { HalfPrecision = precision == "fp16" });
        }
        catch (InvalidOperationException error)
        {
            throw new UsageException($"--device {name}: {error.Message}");
        }
    }
}

using KDTalker.Kernels.Cpu;
using KDTalker.Tensors;

namespace KDTalker.Cli;

/// <summary>Creates the compute backend from `--threads N` and `--simd scalar|vector128|vector256`.</summary>
internal static class BackendOptions
{
    public const string Help = "--threads N (default: all cores)  --simd scalar|vector128|vector256|vector512 (default: best available)";

    public static IBackend Create(Arguments arguments)
    {
        int threads = arguments.IntOption("threads", 0);
        if (threads < 0)
            throw new UsageException("--threads must be 0 (all cores) or more.");
        string? simd = arguments.Option("simd");
        var level = SimdLevel.Vector512;
        if (simd is not null && !Enum.TryParse(simd, ignoreCase: true, out level))
            throw new UsageException($"--simd must be scalar, vector128, vector256 or vector512, not '{simd}'.");
        return new CpuBackend(new CpuBackendOptions { Threads = threads, MaxSimd = level });
    }
}

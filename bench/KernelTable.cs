using System.Diagnostics;
using KDTalker.Kernels.Cpu;

namespace KDTalker.Bench;

/// <summary>
/// `bench kernels`: measures the FMA peak, then every kernel case (best of several runs after a
/// warm-up), and prints GFLOP/s and the percentage of the peak measured in the same run.
/// </summary>
public static class KernelTable
{
    public static void Run(string? filter, int threads)
    {
        using var backend = new CpuBackend(new CpuBackendOptions { Threads = threads });
        var (oneCore, allCores, width) = PeakFlops.Measure(backend.Threads);
        Console.WriteLine($"backend: {backend.Description}");
        Console.WriteLine($"FMA peak: {oneCore:F1} GFLOP/s on 1 core, {allCores:F1} GFLOP/s on {backend.Threads} ({width})");
        Console.WriteLine();
        Console.WriteLine($"| {"op",-14} | {"shape",-48} | {"ms",9} | {"GFLOP/s",8} | {"% peak",6} |");
        Console.WriteLine($"|{new string('-', 16)}|{new string('-', 50)}|{new string('-', 11)}|{new string('-', 10)}|{new string('-', 8)}|");
        foreach (var kernel in KernelCases.All().Where(k => filter is null || k.ToString().Contains(filter, StringComparison.OrdinalIgnoreCase)))
        {
            var inputs = kernel.Inputs(backend);
            try
            {
                double best = double.MaxValue, total = 0;
                for (int run = 0; run < 1000 && (run < 3 || total < 1.0); run++)
                {
                    var clock = Stopwatch.StartNew();
                    kernel.Run(inputs).Dispose();
                    double seconds = clock.Elapsed.TotalSeconds;
                    total += seconds;
                    if (run > 0 || seconds > 1.0)
                        best = Math.Min(best, seconds);
                }
                string rate = kernel.Flops > 0 ? $"{kernel.Flops / best / 1e9,8:F1}" : $"{"-",8}";
                string percent = kernel.Flops > 0 ? $"{100 * kernel.Flops / best / 1e9 / allCores,5:F0}%" : $"{"-",6}";
                Console.WriteLine($"| {kernel.Group,-14} | {kernel.Shape,-48} | {best * 1e3,9:F2} | {rate} | {percent} |");
            }
            finally
            {
                foreach (var input in inputs)
                    input.Dispose();
            }
        }
    }
}

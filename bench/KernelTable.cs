using System.Diagnostics;
using KDTalker.Kernels.Cpu;

namespace KDTalker.Bench;

/// <summary>
/// `bench kernels`: measures the FMA peak, then every kernel case (best of several runs after a
/// warm-up), and prints GFLOP/s and the percentage of the peak measured in the same run: as the direct algorithm's
/// work per second, and as the work the algorithm executes (they differ for Winograd).
/// </summary>
public static class KernelTable
{
    public static void Run(string? filter, int threads)
    {
        using var backend = new CpuBackend(new CpuBackendOptions { Threads = threads });
        using var direct = new CpuBackend(new CpuBackendOptions { Threads = threads, Convolution = ConvolutionAlgorithm.Direct });
        var peak = PeakFlops.Measure(backend.Threads);
        Console.WriteLine($"machine: {MachineInfo.CpuModel}");
        Console.WriteLine($"backend: {backend.Description}");
        Console.WriteLine(peak.AllCores is { } allCores
            ? $"FMA peak: {peak.OneCore:F1} GFLOP/s on 1 core, {allCores:F1} GFLOP/s on {backend.Threads} ({peak.Width}, best of {PeakFlops.Repeats} runs)"
            : "FMA peak: not measured (no x86 FMA on this CPU); the % columns are left empty");
        Console.WriteLine();
        Console.WriteLine($"| {"op",-15} | {"shape",-48} | {"ms",9} | {"GFLOP/s",8} | {"% peak",6} | {"executed",8} | {"% peak",6} |");
        Console.WriteLine($"|{new string('-', 17)}|{new string('-', 50)}|{new string('-', 11)}|{new string('-', 10)}|{new string('-', 8)}|{new string('-', 10)}|{new string('-', 8)}|");
        foreach (var kernel in KernelCases.All().Where(k => filter is null || k.ToString().Contains(filter, StringComparison.OrdinalIgnoreCase)))
        {
            var inputs = kernel.Inputs(kernel.Direct ? direct : backend);
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
                string Rate(double flops) => flops > 0 ? $"{flops / best / 1e9,8:F1}" : $"{"-",8}";
                string Percent(double flops) => flops > 0 && peak.AllCores is { } all ? $"{100 * flops / best / 1e9 / all,5:F0}%" : $"{"-",6}";
                Console.WriteLine($"| {kernel.Group,-15} | {kernel.Shape,-48} | {best * 1e3,9:F2} | {Rate(kernel.Flops)} | {Percent(kernel.Flops)} | {Rate(kernel.ExecutedFlops)} | {Percent(kernel.ExecutedFlops)} |");
            }
            finally
            {
                foreach (var input in inputs)
                    input.Dispose();
            }
        }
    }
}

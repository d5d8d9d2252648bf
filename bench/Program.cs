using BenchmarkDotNet.Running;
using KDTalker.Bench;
using KDTalker.Kernels.Cpu;

// bench kernels [FILTER] [--threads N]   GFLOP/s and % of the measured peak per shape
// bench render [--threads N] [--frames F] [--conv direct|auto]  real-size extractors and warp_decode, random weights
// bench motion [--threads N] [--steps 5,10,25,50]  one real-size 64-frame diffusion window, random weights
// bench bdn [BenchmarkDotNet args]       the GEMM and conv2d shapes under BenchmarkDotNet
if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(KernelBenchmarks).Assembly).Run(args[1..]);
    return 0;
}
int threadsAt = Array.IndexOf(args, "--threads");
int threads = threadsAt > 0 && threadsAt + 1 < args.Length ? int.Parse(args[threadsAt + 1]) : 0;
if (args.Length > 0 && args[0] == "render")
{
    int framesAt = Array.IndexOf(args, "--frames");
    int convAt = Array.IndexOf(args, "--conv");
    var convolution = convAt > 0 && convAt + 1 < args.Length && args[convAt + 1] == "direct" ? ConvolutionAlgorithm.Direct : ConvolutionAlgorithm.Auto;
    RenderTimings.Run(threads, framesAt > 0 && framesAt + 1 < args.Length ? int.Parse(args[framesAt + 1]) : 2, convolution);
    return 0;
}
if (args.Length > 0 && args[0] == "motion")
{
    int stepsAt = Array.IndexOf(args, "--steps");
    var steps = stepsAt > 0 && stepsAt + 1 < args.Length ? args[stepsAt + 1].Split(',').Select(int.Parse).ToArray() : [5, 10, 20, 25, 50];
    MotionTimings.Run(threads, steps);
    return 0;
}
if (args.Length == 0 || args[0] != "kernels")
{
    Console.Error.WriteLine("usage: bench kernels [FILTER] [--threads N] | bench render [--threads N] [--frames F] [--conv direct|auto] | bench motion [--threads N] [--steps LIST] | bench bdn [BenchmarkDotNet arguments]");
    return 2;
}
string? filter = args.Skip(1).Where((a, i) => !a.StartsWith("--") && (i == 0 || args[i] != "--threads")).FirstOrDefault();
KernelTable.Run(filter, threads);
return 0;

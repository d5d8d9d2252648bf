using System.Diagnostics;
using KDTalker.Kernels.Cpu;
using KDTalker.Model.Layers;
using KDTalker.Model.Renderer;
using KDTalker.Tensors;

namespace KDTalker.Bench;

/// <summary>
/// `bench render`: the renderer at real size with random weights: the two extractors (once per photo) and
/// warp_decode (warping + SPADE, once per frame), with seconds, GMAC/s against the multiply-accumulates of
/// docs/MODULES.md §8, % of the measured FMA peak, and the process's peak memory.
/// </summary>
public static class RenderTimings
{
    private const double AppearanceGmac = 32.1, MotionGmac = 5.8, WarpingGmac = 171.0, SpadeGmac = 445.8;

    public static void Run(int threads, int frames)
    {
        using var backend = new CpuBackend(new CpuBackendOptions { Threads = threads });
        var (_, peak, _) = PeakFlops.Measure(backend.Threads);
        Console.WriteLine($"backend: {backend.Description}; FMA peak {peak:F0} GFLOP/s");
        using var appearance = new AppearanceFeatureExtractor(Scope("appearance_feature_extractor", backend), new());
        using var motion = new MotionExtractor(Scope("motion_extractor", backend), new());
        using var warping = new WarpingNetwork(Scope("warping_module", backend), new());
        using var decoder = new SpadeDecoder(Scope("spade_generator", backend), new());
        using var image = Ops.Full(backend, 0.5f, 1, 3, 256, 256);

        var clock = Stopwatch.StartNew();
        using var feature = appearance.Forward(image);
        Report("appearance extractor", clock.Elapsed.TotalSeconds, AppearanceGmac, peak);
        clock.Restart();
        var info = KeypointInfo.FromHeads(motion.Forward(image));
        Report("motion extractor", clock.Elapsed.TotalSeconds, MotionGmac, peak);
        var source = info.Transform();
        for (int frame = 0; frame < frames; frame++)
        {
            var driving = new ImplicitKeypoints(source.ToArray().Select((v, i) => v + 0.01f * MathF.Sin(i + frame)).ToArray());
            clock.Restart();
            using var warped = warping.Forward(feature, source, driving);
            double warpSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            using var rendered = decoder.Forward(warped.Feature);
            double decodeSeconds = clock.Elapsed.TotalSeconds;
            Report($"frame {frame}: warping", warpSeconds, WarpingGmac, peak);
            Report($"frame {frame}: SPADE decoder", decodeSeconds, SpadeGmac, peak);
            Report($"frame {frame}: warp_decode", warpSeconds + decodeSeconds, WarpingGmac + SpadeGmac, peak);
        }
        Console.WriteLine($"peak memory (working set): {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:F2} GB");
    }

    private static WeightScope Scope(string network, IBackend backend) => new(new RandomWeightSource(network), backend);

    private static void Report(string stage, double seconds, double gmac, double peak) =>
        Console.WriteLine($"{stage,-32} {seconds,8:F2} s  {gmac / seconds,7:F1} GMAC/s  {100 * 2 * gmac / seconds / peak,4:F0}% of peak");
}

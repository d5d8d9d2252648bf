using System.Diagnostics;
using KDTalker.Kernels.Cpu;
using KDTalker.Model.Layers;
using KDTalker.Model.Renderer;
using KDTalker.Tensors;

namespace KDTalker.Bench;

/// <summary>
/// `bench render`: the renderer at real size with random weights: the two extractors (once per photo) and
/// warp_decode (warping + SPADE, once per frame). A cold pass first (JIT, buffer pool, Winograd kernel transforms:
/// what a user's first frame costs), then the timed, warm passes: seconds, GMAC/s (the multiply-accumulates the
/// backend counted for each stage, as a direct convolution does them), % of the FMA peak measured in the same run,
/// the first frame against the steady ones, and the process's peak memory.
/// </summary>
public static class RenderTimings
{
    public static void Run(int threads, int frames, ConvolutionAlgorithm convolution)
    {
        using var backend = new CpuBackend(new CpuBackendOptions { Threads = threads, Convolution = convolution });
        double? peak = PeakFlops.Measure(backend.Threads).AllCores;
        Console.WriteLine($"machine: {MachineInfo.CpuModel}");
        Console.WriteLine($"backend: {backend.Description}; FMA peak {(peak is { } p ? $"{p:F0} GFLOP/s" : "not measured")}");
        using var appearance = new AppearanceFeatureExtractor(Scope("appearance_feature_extractor", backend), new());
        using var motion = new MotionExtractor(Scope("motion_extractor", backend), new());
        using var warping = new WarpingNetwork(Scope("warping_module", backend), new());
        using var decoder = new SpadeDecoder(Scope("spade_generator", backend), new());
        using var image = Ops.Full(backend, 0.5f, 1, 3, 256, 256);
        var stage = new Stage(backend, peak);

        // Cold: what the first photo and the first frame cost in a fresh process.
        Tensor? coldFeature = null;
        var coldAppearance = stage.Time(() => coldFeature = appearance.Forward(image));
        var source = KeypointInfo.FromHeads(motion.Forward(image)).Transform();
        var coldFrame = stage.Time(() => RenderFrame(warping, decoder, coldFeature!, source, 0));
        coldFeature!.Dispose();
        Console.WriteLine($"cold: appearance {coldAppearance.Seconds:F2} s, first frame {coldFrame.Seconds:F2} s (JIT, buffers, kernel transforms)");

        Tensor? feature = null;
        stage.Print("appearance extractor", stage.Time(() => feature = appearance.Forward(image)));
        using (feature)
        {
            stage.Print("motion extractor", stage.Time(() => KeypointInfo.FromHeads(motion.Forward(image))));
            var steady = new List<double>();
            for (int frame = 0; frame < frames; frame++)
            {
                var driving = Driving(source, frame);
                WarpResult? warped = null;
                Tensor? rendered = null;
                var warp = stage.Time(() => warped = warping.Forward(feature!, source, driving));
                var decode = stage.Time(() => rendered = decoder.Forward(warped!.Feature));
                warped!.Dispose();
                rendered!.Dispose();
                stage.Print($"frame {frame}: warping", warp);
                stage.Print($"frame {frame}: SPADE decoder", decode);
                stage.Print($"frame {frame}: warp_decode", warp + decode);
                if (frame > 0)
                    steady.Add(warp.Seconds + decode.Seconds);
            }
            if (steady.Count > 0)
                Console.WriteLine($"first frame of a fresh process / steady frame: {coldFrame.Seconds / steady.Order().ElementAt(steady.Count / 2):F2}x");
        }
        Console.WriteLine($"peak memory (working set): {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:F2} GB");
    }

    private static void RenderFrame(WarpingNetwork warping, SpadeDecoder decoder, Tensor feature, float[] source, int frame)
    {
        using var warped = warping.Forward(feature, source, Driving(source, frame));
        decoder.Forward(warped.Feature).Dispose();
    }

    private static float[] Driving(float[] source, int frame) => source.Select((v, i) => v + 0.01f * MathF.Sin(i + frame)).ToArray();

    private static WeightScope Scope(string network, IBackend backend) => new(new RandomWeightSource(network), backend);

    /// <summary>Seconds and the backend's multiply-accumulates of one timed piece of work.</summary>
    private readonly record struct Timing(double Seconds, long MultiplyAccumulates)
    {
        public static Timing operator +(Timing a, Timing b) => new(a.Seconds + b.Seconds, a.MultiplyAccumulates + b.MultiplyAccumulates);
    }

    private sealed class Stage(CpuBackend backend, double? peak)
    {
        public Timing Time(Action work)
        {
            long before = backend.MultiplyAccumulates;
            var clock = Stopwatch.StartNew();
            work();
            return new Timing(clock.Elapsed.TotalSeconds, backend.MultiplyAccumulates - before);
        }

        public void Print(string name, Timing timing)
        {
            double gmac = timing.MultiplyAccumulates / 1e9;
            Console.WriteLine($"{name,-32} {timing.Seconds,8:F2} s  {gmac / timing.Seconds,7:F1} GMAC/s  {PeakFlops.Percent(2 * gmac / timing.Seconds, peak)} of peak  ({gmac:F1} GMAC)");
        }
    }
}

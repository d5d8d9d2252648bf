using System.Diagnostics;
using KDTalker.Kernels.Cpu;
using KDTalker.Model.Layers;
using KDTalker.Model.Motion;

namespace KDTalker.Bench;

/// <summary>
/// `bench motion`: one 64-frame diffusion window of the real-size denoiser (768 wide, 6 layers, random weights)
/// with DDIM at several step counts, from the same noise. Reports seconds per window, GMAC/s against both the
/// upstream count (MODULES.md §6: 2.85 GMAC per call) and what we execute (the audio half of every block's
/// scale-shift is computed once per window, not per step), % of the measured FMA peak, and how far each step
/// count's motion lies from the 50-step result (RMS over the de-normalised rows, pose in degrees).
/// </summary>
public static class MotionTimings
{
    private const double UpstreamGmacPerCall = 2.85;

    public static void Run(int threads, int[] stepCounts)
    {
        using var backend = new CpuBackend(new CpuBackendOptions { Threads = threads });
        double? peak = PeakFlops.Measure(backend.Threads).AllCores;
        Console.WriteLine($"machine: {MachineInfo.CpuModel}");
        Console.WriteLine($"backend: {backend.Description}; FMA peak {(peak is { } p ? $"{p:F0} GFLOP/s" : "not measured")}");
        var config = DenoiserConfig.Release;
        using var denoiser = new SimpleTransModel(new WeightScope(new RandomWeightSource("kdtalker"), backend)["point_model"]["model"], config);
        var sampler = new MotionSampler(denoiser, new DdimScheduler());
        const int frames = MotionGenerator.WindowFrames;
        var random = new Random(1);
        var identity = Enumerable.Range(0, MotionLayout.Features).Select(_ => random.NextSingle() - 0.5f).ToArray();
        var reference = Enumerable.Range(0, MotionLayout.Features).Select(_ => random.NextSingle() - 0.5f).ToArray();
        var audio = Enumerable.Range(0, frames * config.AudioFeatures).Select(_ => random.NextSingle() * 3).ToArray();
        var noise = new float[frames * MotionLayout.Features];
        new GaussianNoise(0).Fill(noise);
        double executedPerCall = ExecutedGmacPerCall(config, frames + 2), preparePerWindow = PrepareGmac(config, frames + 2);

        sampler.Sample(identity, reference, audio, noise, 2); // warm-up: JIT, pools
        var reference50 = Denormalized(sampler.Sample(identity, reference, audio, noise, 50));
        Console.WriteLine($"{"steps",5} {"s/window",9} {"upstream GMAC/s",16} {"executed GMAC/s",16} {"% peak",7} {"RMS pose (deg)",15} {"RMS exp",9}");
        foreach (int steps in stepCounts)
        {
            var clock = Stopwatch.StartNew();
            var sampled = sampler.Sample(identity, reference, audio, noise, steps);
            double seconds = clock.Elapsed.TotalSeconds;
            var (pose, expression) = Distance(Denormalized(sampled), reference50);
            double executed = steps * executedPerCall + preparePerWindow;
            Console.WriteLine($"{steps,5} {seconds,9:F2} {steps * UpstreamGmacPerCall / seconds,16:F1} {executed / seconds,16:F1} {PeakFlops.Percent(2 * executed / seconds, peak),7} {pose,15:E2} {expression,9:E2}");
        }
        Console.WriteLine($"peak memory (working set): {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:F2} GB");
    }

    // Per denoiser call: input/output projections, per block the time row of mlp.1 and two dim² projections,
    // per attention to_qkv, proj and the two F²·64 products per head.
    private static double ExecutedGmacPerCall(DenoiserConfig c, int rows)
    {
        double d = c.Dim, linear = rows * (2.0 * c.MotionFeatures * d);
        double block = 2 * d * c.TimeEmbedDim + rows * 2 * d * d;
        double attention = rows * (3 * d * d + d * d) + 2.0 * c.Heads * rows * rows * DenoiserConfig.HeadDim;
        return (linear + c.Layers * (2 * block + attention) + d * c.TimeEmbedDim + c.TimeEmbedDim * c.TimeEmbedDim) / 1e9;
    }

    // Per window: the audio columns of every block's mlp.1.
    private static double PrepareGmac(DenoiserConfig c, int rows) => 2.0 * c.Layers * rows * c.AudioFeatures * 2 * c.Dim / 1e9;

    private static MotionFrame[] Denormalized(float[] rows) =>
        rows.Chunk(MotionLayout.Features).Select(r => MotionNormalization.Release.Denormalize(r)).ToArray();

    private static (double Pose, double Expression) Distance(MotionFrame[] a, MotionFrame[] b)
    {
        double pose = 0, expression = 0;
        for (int i = 0; i < a.Length; i++)
        {
            pose += Square(a[i].Yaw - b[i].Yaw) + Square(a[i].Pitch - b[i].Pitch) + Square(a[i].Roll - b[i].Roll);
            for (int j = 0; j < a[i].Exp.Length; j++)
                expression += Square(a[i].Exp[j] - b[i].Exp[j]);
        }
        return (Math.Sqrt(pose / (3 * a.Length)), Math.Sqrt(expression / (a.Length * a[0].Exp.Length)));
    }

    private static double Square(double x) => x * x;
}

using System.Diagnostics;
using KDTalker.Model.Audio;
using KDTalker.Model.Media;
using KDTalker.Model.Motion;

namespace KDTalker.Model.Pipeline;

/// <summary>
/// One stage's measured cost: seconds per call and per second of 25 fps video, and the multiply-adds one call of the
/// released networks does (upstream's count, null where none is known) for a throughput figure.
/// </summary>
public readonly record struct StageTiming(string Stage, double SecondsPerCall, string Call, double SecondsPerVideoSecond, double? GigaMacsPerCall = null);

/// <summary>
/// End-to-end timing of the pipeline stage by stage on given networks (real sizes with random weights for
/// `kdtalker bench`): the source encoding (once per video), audio features, one 64-frame diffusion window and
/// warp_decode per frame, each turned into seconds per second of video. Every stage runs once untimed first, so
/// kernel compilation (GPU) and first-touch allocation stay out of the figures.
/// </summary>
public static class PipelineBenchmark
{
    private const double Fps = 25;

    // Multiply-adds of the released networks, counted on upstream's modules (shared/oracle/manifests.py).
    private const double SourceGigaMacs = 32 + 5.8, DenoiserGigaMacs = 2.8, RenderGigaMacs = 617;

    /// <summary>Runs every stage; <paramref name="frames"/> frames are rendered and averaged (after one warm-up frame).</summary>
    public static IReadOnlyList<StageTiming> Run(TalkerModels models, int frames, int steps, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        var results = new List<StageTiming>();
        var clock = Stopwatch.StartNew();

        progress?.Report("warm-up");
        using (SourceEncoding.Encode(models, TestPattern()))
        {
        }
        progress?.Report("source encoding");
        clock.Restart();
        using var source = SourceEncoding.Encode(models, TestPattern());
        source.FeatureVolume.ToArray(); // waits for the device
        results.Add(new("source (F + M, once per video)", clock.Elapsed.TotalSeconds, "video", 0, SourceGigaMacs));

        progress?.Report("audio features");
        var random = new Random(1);
        var samples = Enumerable.Range(0, 4 * 16000).Select(i => (float)(0.3 * Math.Sin(i * 0.05) + 0.05 * (random.NextDouble() - 0.5))).ToArray();
        var features = new AudioFeatures(models.AudioEncoder);
        using (features.Compute(samples.AsMemory(0, 16000), cancellationToken: cancellationToken))
        {
        }
        clock.Restart();
        double audioPerSecond;
        using (var computed = features.Compute(samples, cancellationToken: cancellationToken))
        {
            computed.ToArray(); // waits for the device on GPU backends, whose kernels run asynchronously
            audioPerSecond = clock.Elapsed.TotalSeconds / 4;
            results.Add(new("audio features (mel + encoder)", audioPerSecond, "second", audioPerSecond));
        }

        progress?.Report($"diffusion window ({steps} steps)");
        var stream = features.Stream(samples.AsMemory(0, MotionGenerator.WindowFrames * 640));
        var generator = new MotionGenerator(new MotionSampler(models.Denoiser, new DdimScheduler()), MotionNormalization.Release);
        generator.Generate(features.Stream(samples.AsMemory(0, MotionGenerator.WindowFrames * 640)), source.Info, new MotionOptions { Steps = 1 },
            cancellationToken: cancellationToken).ToList();
        clock.Restart();
        var motion = generator.Generate(stream, source.Info, new MotionOptions { Steps = steps }, cancellationToken: cancellationToken).ToList();
        // The window computes its own audio features on the way; they are already the line above, so leave them out here.
        double window = Math.Max(0, clock.Elapsed.TotalSeconds - audioPerSecond * MotionGenerator.WindowFrames / Fps);
        results.Add(new($"motion ({steps} DDIM steps)", window, "64-frame window", window * Fps / MotionGenerator.WindowFrames, steps * DenoiserGigaMacs));

        var composer = new MotionComposer(source.Info, new MotionControls());
        var renderer = new FrameGenerator(models);
        double warp = 0;
        for (int i = 0; i <= frames; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report($"frame {i}/{frames}");
            var keypoints = composer.Compose(motion[i % motion.Count]).Keypoints;
            clock.Restart();
            renderer.Render(source, keypoints);
            if (i > 0)
                warp += clock.Elapsed.TotalSeconds;
        }
        results.Add(new("render (warp_decode + parse_output)", warp / frames, "frame", warp / frames * Fps, RenderGigaMacs));
        return results;
    }

    private static RgbImage TestPattern()
    {
        var image = new RgbImage(256, 256);
        for (int i = 0; i < image.Pixels.Length; i++)
            image.Pixels[i] = (byte)(i * 7 % 251);
        return image;
    }
}

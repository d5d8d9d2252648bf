using KDTalker.Kernels.Cpu;
using KDTalker.Model.Audio;
using KDTalker.Model.Media;
using KDTalker.Model.Motion;
using KDTalker.Model.Pipeline;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Pipeline;

/// <summary>The pipeline core on the shipped test networks: audio → motion → smoothing → composition → frames.</summary>
public sealed class FrameGeneratorTests : IDisposable
{
    private readonly CpuBackend _backend = new();
    private readonly TalkerModels _models;

    public FrameGeneratorTests() => _models = TalkerModels.Load(TalkerModels.TestWeightsName, _backend);

    public void Dispose()
    {
        _models.Dispose();
        _backend.Dispose();
        LiveStorage.AssertReturned(_backend, 0, "disposing the models");
    }

    [Fact]
    public void Frames_are_512_pixels_one_per_40_ms_and_the_seed_fixes_them()
    {
        // A test-network frame costs ~1 s here (the dense-motion volume keeps its size), so the clip is short:
        // 6 frames and 300 samples left over that make no frame.
        Assert.False(_models.IsRelease);
        var samples = new AudioLoader().Load(Fixtures.Path("audio/g_audio.wav"))[..(6 * 640 + 300)];
        using var source = SourceEncoding.Encode(_models, Portrait());
        var first = Render(source, samples, seed: 5, out var motion);
        long afterFirst = _backend.LiveStorages; // the dense-motion grid is cached now (freed with the models)
        var again = Render(source, samples, seed: 5, out _);
        LiveStorage.AssertReturned(_backend, afterFirst, "rendering a second clip");

        Assert.Equal(6, first.Count);
        Assert.All(first, f => Assert.Equal((512, 512), (f.Width, f.Height)));
        Assert.Equal(first.Select(f => f.Pixels), again.Select(f => f.Pixels));
        Assert.NotEqual(first[0].Pixels, first[5].Pixels);
        Assert.Equal(Enumerable.Range(0, first.Count), motion.Select(m => m.Index));
        // Absolute composition keeps the source scale and zeroes the z translation (docs/PIPELINE.md §12).
        Assert.All(motion, m => Assert.Equal((source.Info.Scale, 0f), (m.Driving.Scale, m.Driving.Translation[2])));
        source.Dispose();
    }

    private List<RgbImage> Render(SourceEncoding source, float[] samples, long seed, out List<FrameMotion> motion)
    {
        var features = new AudioFeatures(_models.AudioEncoder).Stream(samples);
        var frames = new FrameGenerator(_models).Frames(source, features, new MotionOptions { Seed = seed, Steps = 5 }, new MotionControls()).ToList();
        motion = frames.Select(f => f.Motion).ToList();
        return frames.Select(f => f.Frame).ToList();
    }

    // A synthetic 256×256 portrait-like gradient.
    private static RgbImage Portrait()
    {
        var image = new RgbImage(256, 256);
        for (int y = 0; y < 256; y++)
            for (int x = 0; x < 256; x++)
            {
                int i = (y * 256 + x) * 3;
                image.Pixels[i] = (byte)x;
                image.Pixels[i + 1] = (byte)y;
                image.Pixels[i + 2] = (byte)((x + y) / 2);
            }
        return image;
    }
}

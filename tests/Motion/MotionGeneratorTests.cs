using KDTalker.Kernels.Cpu;
using KDTalker.Model.Layers;
using KDTalker.Model.Motion;
using KDTalker.Model.Renderer;
using KDTalker.Tensors;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Motion;

/// <summary>
/// Windowing, padding and chaining (docs/PIPELINE.md §8–§10) on the golden case's small denoiser, checked against the
/// sampler driven by hand the way upstream's loop is written.
/// </summary>
public sealed class MotionGeneratorTests : IDisposable
{
    private const int Steps = 3, Features = MotionLayout.Features;
    private readonly CpuBackend _backend = new();
    private readonly WeightSet _weights = WeightSet.Open(Fixtures.Path("golden/h_kdtalker_point_diffusion.pth"), checkReleaseShapes: false);
    private readonly SimpleTransModel _denoiser;
    private readonly MotionSampler _sampler;
    private readonly KeypointInfo _source;

    public MotionGeneratorTests()
    {
        _denoiser = new SimpleTransModel(_weights.Scope("kdtalker", _backend)["point_model"]["model"], new DenoiserConfig(Dim: 256, Layers: 1));
        _sampler = new MotionSampler(_denoiser, new DdimScheduler());
        var rng = new Random(9);
        float[] Values(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() - 0.5) * scale)).ToArray();
        _source = new KeypointInfo(5f, -3f, 2f, Values(3, 0.1), Values(63, 0.02), 1.7f, Values(63, 0.5));
    }

    public void Dispose()
    {
        _denoiser.Dispose();
        _weights.Dispose();
        _backend.Dispose();
    }

    [Fact]
    public void Two_windows_pad_from_the_start_and_chain_on_the_last_raw_row()
    {
        const int frames = 100; // windows of 64 + 36 real rows, 28 padding rows taken from rows 0..27
        var audio = Audio(frames);
        var noise = new GaussianNoise(3);
        var expectedNoise = new GaussianNoise(3);
        using var features = Ops.FromSpan(_backend, audio, frames, 512);
        var generated = Generate(new FeatureRows(features), frames, new MotionOptions { Steps = Steps, Noise = noise });

        var normalization = MotionNormalization.Release;
        var identity = normalization.IdentityRow(_source);
        var firstNoise = new float[64 * Features];
        expectedNoise.Fill(firstNoise);
        var first = _sampler.Sample(identity, normalization.SourceRow(_source), audio.AsSpan(0, 64 * 512), firstNoise, Steps);
        var padded = audio.AsSpan(64 * 512, 36 * 512).ToArray().Concat(audio.AsSpan(0, 28 * 512).ToArray()).ToArray();
        var secondNoise = new float[64 * Features];
        expectedNoise.Fill(secondNoise);
        var second = _sampler.Sample(identity, first.AsSpan(63 * Features, Features), padded, secondNoise, Steps);
        var expected = first.Concat(second.AsSpan(0, 36 * Features).ToArray()).Chunk(Features).Select(r => normalization.Denormalize(r).ToRow()).ToList();

        Assert.Equal(frames, generated.Count);
        for (int i = 0; i < frames; i++)
            Assert.Equal(expected[i], generated[i].ToRow());
    }

    [Fact]
    public void Short_audio_gives_one_frame_per_video_frame_and_the_seed_fixes_the_result()
    {
        const int frames = 10; // upstream would return 0 rows here (docs/PIPELINE.md §10); we return 10
        using var features = Ops.FromSpan(_backend, Audio(frames), frames, 512);
        var a = Generate(new FeatureRows(features), frames, new MotionOptions { Steps = Steps, Seed = 11 });
        var b = Generate(new FeatureRows(features), frames, new MotionOptions { Steps = Steps, Seed = 11 });
        var c = Generate(new FeatureRows(features), frames, new MotionOptions { Steps = Steps, Seed = 12 });
        Assert.Equal(frames, a.Count);
        Assert.Equal(a.Select(f => f.ToRow()), b.Select(f => f.ToRow()));
        Assert.NotEqual(a.Select(f => f.ToRow()), c.Select(f => f.ToRow()));
    }

    [Fact]
    public void Cancellation_stops_between_diffusion_steps()
    {
        using var features = Ops.FromSpan(_backend, Audio(64), 64, 512);
        using var cancellation = new CancellationTokenSource();
        var generator = new MotionGenerator(_sampler, MotionNormalization.Release);
        var progress = new Inline<MotionProgress>(_ => cancellation.Cancel());
        var frames = generator.Generate(new FeatureRows(features), _source, new MotionOptions { Steps = Steps }, progress, cancellation.Token);
        using var enumerator = frames.GetEnumerator();
        Assert.True(enumerator.MoveNext()); // the first window completes, then reports progress, which cancels
        Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate(new FeatureRows(features), _source, new MotionOptions { Steps = 0 }));
        using var second = Ops.FromSpan(_backend, Audio(128), 128, 512);
        using var enumerator2 = generator.Generate(new FeatureRows(second), _source, new MotionOptions { Steps = Steps }, progress, cancellation.Token).GetEnumerator();
        Assert.Throws<OperationCanceledException>(() => enumerator2.MoveNext());
    }

    private List<MotionFrame> Generate(IAudioFeatureSource audio, int frames, MotionOptions options)
    {
        var generator = new MotionGenerator(_sampler, MotionNormalization.Release);
        var result = generator.Generate(audio, _source, options).ToList();
        Assert.Equal(frames, result.Count);
        return result;
    }

    private static float[] Audio(int frames)
    {
        var rng = new Random(frames);
        return Enumerable.Range(0, frames * 512).Select(_ => (float)rng.NextDouble() * 2).ToArray();
    }

    private sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

using KDTalker.Kernels.Cpu;
using KDTalker.Model.Audio;
using KDTalker.Model.Layers;
using KDTalker.Model.SelfTest;
using KDTalker.Tensors.SafeTensors;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Audio;

/// <summary>Golden cases f (audio encoder) and g (mel + windows) through the selftest, and AudioFeatures end to end.</summary>
public class AudioGoldenCaseTests
{
    private static string GoldenDirectory => Path.GetDirectoryName(Fixtures.Path("golden/g_mel.config.json"))!;

    [Theory]
    [InlineData("f_audio_encoder")]
    [InlineData("g_mel")]
    public void Audio_case_matches_upstream(string name)
    {
        using var backend = new CpuBackend();
        long start = backend.LiveStorages;
        var result = SelfTestSuite.RunCase(GoldenDirectory, name, backend);
        GoldenTolerances.AssertMatchesUpstream(result);
        LiveStorage.AssertReturned(backend, start, $"golden case {name}");
    }

    private sealed class Recorder(Action<int>? onReport = null) : IProgress<int>
    {
        public List<int> Reports { get; } = [];

        public void Report(int value)
        {
            Reports.Add(value);
            onReport?.Invoke(value);
        }
    }

    [Fact]
    public void Features_of_the_fixture_wave_match_the_encoder_case_and_do_not_depend_on_chunking()
    {
        using var backend = new CpuBackend();
        using var weights = WeightSet.Open(Fixtures.Path("golden/f_wav2lip_audio_encoder.pth"), checkReleaseShapes: false);
        using var encoder = new AudioEncoder(weights.Scope("audio_encoder", backend));
        using var file = SafeTensorsFile.Open(Fixtures.Path("golden/g_mel.safetensors"));
        var wave = file.ReadFloat32("wav_float32");

        using var whole = new AudioFeatures(encoder, chunkFrames: 128).Compute(wave);
        var progress = new Recorder();
        using var chunked = new AudioFeatures(encoder, chunkFrames: 5).Compute(wave, progress);

        Assert.Equal([32, 512], whole.ShapeArray());
        Assert.Equal(whole.ToArray(), chunked.ToArray());
        Assert.Equal([5, 10, 15, 20, 25, 30, 32], progress.Reports);

        // g's windows are f's input, so the whole chain lands on f's recorded hidden state.
        using var golden = SafeTensorsFile.Open(Fixtures.Path("golden/f_audio_encoder.safetensors"));
        var expected = golden.ReadFloat32("hidden");
        Assert.True(whole.ToArray().Zip(expected, (a, e) => Math.Abs(a - e)).Max() <= GoldenTolerances.For("f_audio_encoder")["hidden"]);
    }

    [Fact]
    public void Cancellation_stops_between_chunks()
    {
        using var backend = new CpuBackend();
        using var weights = WeightSet.Open(Fixtures.Path("golden/f_wav2lip_audio_encoder.pth"), checkReleaseShapes: false);
        using var encoder = new AudioEncoder(weights.Scope("audio_encoder", backend));
        using var cancellation = new CancellationTokenSource();
        var progress = new Recorder(_ => cancellation.Cancel());
        var wave = new float[640 * 20];
        Assert.Throws<OperationCanceledException>(() => new AudioFeatures(encoder, chunkFrames: 4).Compute(wave, progress, cancellation.Token));
        Assert.Equal([4], progress.Reports);
    }

    [Fact]
    public void Audio_shorter_than_one_video_frame_is_rejected()
    {
        using var backend = new CpuBackend();
        using var weights = WeightSet.Open(Fixtures.Path("golden/f_wav2lip_audio_encoder.pth"), checkReleaseShapes: false);
        using var encoder = new AudioEncoder(weights.Scope("audio_encoder", backend));
        Assert.Throws<ArgumentException>(() => new AudioFeatures(encoder).Compute(new float[639]));
    }
}

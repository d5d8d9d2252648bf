using KDTalker.Kernels.Cpu;
using KDTalker.Model.Audio;
using KDTalker.Model.Layers;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Audio;

/// <summary>
/// The streamed audio path (file-backed track, block-wise resampling, mel and features computed per request)
/// against the whole-signal computations: equal bit for bit, whatever the block boundaries.
/// </summary>
public sealed class StreamingAudioTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kdtalker-audio-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(44100)]
    [InlineData(44101)]
    [InlineData(8000)]
    public void Block_wise_resampling_equals_the_whole_signal_conversion(int fromRate)
    {
        var rng = new Random(fromRate);
        var input = Enumerable.Range(0, 30011).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var whole = Resampler.Resample(input, fromRate, 16000);
        var streamed = new List<float>();
        var stream = new Resampler.Stream(fromRate, 16000, block => streamed.AddRange(block.ToArray()));
        for (int at = 0; at < input.Length;)
        {
            int size = Math.Min(rng.Next(1, 3000), input.Length - at);
            stream.Write(input.AsSpan(at, size));
            at += size;
        }
        stream.Complete();
        Assert.Equal(whole, streamed);
    }

    [Fact]
    public void A_wav_opened_as_a_track_holds_the_same_samples_as_a_whole_file_decode()
    {
        var rng = new Random(3);
        var pcm = new byte[22050 * 2 * 2]; // one second of 22.05 kHz stereo 16-bit
        rng.NextBytes(pcm);
        string path = Path.Combine(_directory, "stereo.wav");
        File.WriteAllBytes(path, WavWriter.Simple(1, 2, 22050, 16, pcm));

        var clip = WavReader.Read(path);
        var expected = Resampler.Resample(clip.Samples, clip.SampleRate, 16000);
        using var track = new AudioLoader().Open(path);
        Assert.Equal(16000, track.SampleRate);
        Assert.Equal(expected, track.ReadAll());
        var slice = new float[100];
        track.Read(track.Length - 40, slice);
        Assert.Equal(expected[^40..], slice[..40]);
        Assert.All(slice[40..], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Features_read_in_any_grouping_from_a_track_equal_the_whole_computation()
    {
        using var backend = new CpuBackend();
        using var weights = WeightSet.Open(Fixtures.Path("golden/f_wav2lip_audio_encoder.pth"), checkReleaseShapes: false);
        using var encoder = new AudioEncoder(weights.Scope("audio_encoder", backend));
        var samples = new AudioLoader().Load(Fixtures.Path("audio/g_audio.wav"));
        var features = new AudioFeatures(encoder, chunkFrames: 7);
        using var whole = features.Compute(samples);
        var expected = whole.ToArray();

        using var track = new AudioTrack(16000);
        track.Append(samples);
        var stream = features.Stream(track);
        var actual = new float[expected.Length];
        int frames = stream.Frames;
        foreach (var (start, count) in new[] { (20, frames - 20), (0, 1), (1, 12), (13, 7) })
            stream.Read(start, count, actual.AsSpan(start * 512, count * 512), CancellationToken.None);
        Assert.Equal(expected, actual);
    }
}

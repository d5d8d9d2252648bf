using KDTalker.Kernels.Cpu;
using KDTalker.Model.Audio;
using KDTalker.Model.Media;
using KDTalker.Model.Pipeline;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Pipeline;

/// <summary>The library entry point end to end on the test networks, writing PNG frames and the speech as WAV.</summary>
public sealed class TalkerTests : IDisposable
{
    private const int Frames = 4;
    private readonly string _directory = Directory.CreateTempSubdirectory("kdtalker-talker-").FullName;
    private readonly CpuBackend _backend = new();
    private readonly Talker _talker;
    private readonly PreparedPortrait _portrait;
    private readonly short[] _speech;

    public TalkerTests()
    {
        _talker = Talker.Load(TalkerModels.TestWeightsName, _backend);
        var photo = new RgbImage(300, 280, Enumerable.Range(0, 300 * 280 * 3).Select(i => (byte)(i * 31 % 256)).ToArray());
        _portrait = PortraitPreparation.Prepare(photo, null, new PortraitOptions { NoCrop = true }, "test photo");
        // 4 frames and 200 samples more, which make no frame and are cut (upstream: audio[: N·640]).
        _speech = Enumerable.Range(0, Frames * 640 + 200).Select(i => (short)(8000 * Math.Sin(i * 0.07) * Math.Sin(i * 0.001))).ToArray();
    }

    public void Dispose()
    {
        _talker.Dispose();
        _backend.Dispose();
        Directory.Delete(_directory, recursive: true);
        LiveStorage.AssertReturned(_backend, 0, "disposing the talker");
    }

    [Fact]
    public async Task Writes_one_frame_per_40_ms_with_its_audio_and_the_seed_reproduces_the_frames()
    {
        string first = Path.Combine(_directory, "first"), second = Path.Combine(_directory, "second");
        var result = await Generate(first, seed: 3);
        long afterFirst = _backend.LiveStorages; // the networks' per-size caches (the dense-motion grid) now exist
        await Generate(second, seed: 3);

        Assert.Equal(Frames, result.Frames);
        Assert.Equal(TimeSpan.FromMilliseconds(Frames * 40), result.VideoDuration);
        var frames = Directory.GetFiles(first, "frame_*.png").Order().ToList();
        Assert.Equal(Frames, frames.Count);
        var decoded = ImageFile.Load(frames[0]);
        Assert.Equal((512, 512), (decoded.Width, decoded.Height));
        foreach (string frame in frames)
            Assert.Equal(File.ReadAllBytes(frame), File.ReadAllBytes(Path.Combine(second, Path.GetFileName(frame))));
        // The speech comes back sample for sample, cut to whole frames.
        var audio = WavReader.Read(Path.Combine(first, "audio.wav"));
        Assert.Equal(16000, audio.SampleRate);
        Assert.Equal(_speech[..(Frames * 640)].Select(s => s / 32768f), audio.Samples);
        LiveStorage.AssertReturned(_backend, afterFirst, "a second generation");
    }

    [Fact]
    public async Task Cancelling_mid_way_leaves_nothing_behind()
    {
        string output = Path.Combine(_directory, "cancelled");
        using var cancellation = new CancellationTokenSource();
        var progress = new Inline(p =>
        {
            if (p.Stage == GenerationStage.Rendering && p.FramesDone == 1)
                cancellation.Cancel();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Generate(output, seed: 1, progress, cancellation.Token));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
        // A second cancelled run leaves exactly what the first did (the networks' per-size caches, freed with them).
        long afterFirst = _backend.LiveStorages;
        using var again = new CancellationTokenSource();
        var progressAgain = new Inline(p =>
        {
            if (p.Stage == GenerationStage.Rendering && p.FramesDone == 1)
                again.Cancel();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Generate(output, seed: 1, progressAgain, again.Token));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
        LiveStorage.AssertReturned(_backend, afterFirst, "a second cancelled generation");
    }

    private async Task<GenerationResult> Generate(string output, long seed, IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var sink = new PngSequenceSink(output);
        var speech = new MemoryAudioSamples(_speech.Select(s => s / 32768f).ToArray());
        return await _talker.GenerateAsync(_portrait, speech, sink, new GenerationOptions { Seed = seed, Steps = 2 }, progress, cancellationToken);
    }

    private sealed class Inline(Action<GenerationProgress> report) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) => report(value);
    }
}

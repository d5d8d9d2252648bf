using KDTalker.Kernels.Cpu;
using KDTalker.Model.Audio;
using KDTalker.Model.Media;
using KDTalker.Model.Pipeline;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Pipeline;

/// <summary>
/// Frames rendered from the precomputed motion of the whole video, in ranges, in any order, on any thread count, are
/// the pixels of the one-process streaming render with the same seed (the render farm's ground truth).
/// </summary>
public sealed class FrameRangeTests : IDisposable
{
    private const int Frames = 7;
    private readonly CpuBackend _backend = new(new CpuBackendOptions { Threads = 2 });
    private readonly Talker _talker;
    private readonly PreparedPortrait _portrait;
    private readonly MemoryAudioSamples _speech;
    private readonly GenerationOptions _options = new() { Seed = 11, Steps = 2 };

    public FrameRangeTests()
    {
        _talker = Talker.Load(TalkerModels.TestWeightsName, _backend);
        var photo = new RgbImage(280, 300, Enumerable.Range(0, 280 * 300 * 3).Select(i => (byte)(i * 37 % 253)).ToArray());
        _portrait = PortraitPreparation.Prepare(photo, null, new PortraitOptions { NoCrop = true }, "test photo");
        _speech = new MemoryAudioSamples(Enumerable.Range(0, Frames * 640).Select(i => (float)(0.3 * Math.Sin(i * 0.05) * Math.Sin(i * 0.0013))).ToArray());
    }

    public void Dispose()
    {
        _talker.Dispose();
        _backend.Dispose();
    }

    [Fact]
    public async Task Rendering_from_precomputed_motion_gives_the_streaming_render_byte_for_byte()
    {
        var streamed = new HashingSink();
        await _talker.GenerateAsync(_portrait, _speech, streamed, _options);
        var precomputed = new HashingSink();
        var result = await _talker.GenerateAsync(_portrait, _speech, precomputed, _options, new LocalFrameRenderer(_talker.Models));

        Assert.Equal(Frames, result.Frames);
        Assert.True(precomputed.Completed);
        Assert.Equal(Frames, streamed.Frames.Count);
        Assert.Equal(streamed.Frames, precomputed.Frames);
        Assert.Equal(streamed.Audio, precomputed.Audio);
        Assert.Equal(Frames, streamed.Frames.Distinct().Count()); // the frames move: equal hashes are not a constant image
    }

    [Fact]
    public async Task Ranges_rendered_separately_and_on_one_thread_are_the_same_frames()
    {
        var motion = await _talker.ComputeMotionAsync(_portrait, _speech, _options);
        Assert.Equal((0, Frames, 21 * 3), (motion.Start, motion.End, motion.ValuesPerFrame));
        var whole = await Hashes(new LocalFrameRenderer(_talker.Models), motion);

        using var oneThread = new CpuBackend(new CpuBackendOptions { Threads = 1 });
        using var models = TalkerModels.Load(TalkerModels.TestWeightsName, oneThread);
        var pieces = new SortedDictionary<int, List<string>>();
        foreach (var (start, end) in new[] { (4, 7), (0, 1), (1, 4) }) // out of order, as a farm finishes them
        {
            var range = motion.Slice(start, end);
            Assert.Equal(motion.Keypoints(start).ToArray(), range.Keypoints(start).ToArray());
            pieces[start] = await Hashes(new LocalFrameRenderer(models), range);
        }
        var ordered = pieces.Values.SelectMany(hashes => hashes).ToList();
        Assert.Equal(whole, ordered);
    }

    [Fact]
    public void A_slice_outside_the_track_is_refused()
    {
        var track = new MotionTrack(10, 3, new float[3 * 4]);
        Assert.Equal(14, track.End);
        Assert.Throws<ArgumentOutOfRangeException>(() => track.Slice(9, 12));
        Assert.Throws<ArgumentOutOfRangeException>(() => track.Slice(12, 15));
        Assert.Throws<ArgumentOutOfRangeException>(() => track.Keypoints(14));
        Assert.Throws<ArgumentException>(() => new MotionTrack(0, 3, new float[4]));
    }

    private async Task<List<string>> Hashes(IFrameRenderer renderer, MotionTrack motion)
    {
        var sink = new HashingSink();
        await foreach (var face in renderer.RenderAsync(_portrait.Crop, motion))
            await sink.WriteFrameAsync(face, ReadOnlyMemory<short>.Empty);
        return sink.Frames;
    }
}

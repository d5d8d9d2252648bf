using System.Runtime.CompilerServices;
using KDTalker.Model.Media;
using KDTalker.Model.Pipeline;
using Xunit;

namespace KDTalker.Tests.Pipeline;

/// <summary>The frame journal a resumable render keeps, and the renderer that resumes from it.</summary>
public sealed class FrameJournalTests : IDisposable
{
    private readonly string _folder = Path.Combine(Directory.CreateTempSubdirectory("kdtalker-journal-").FullName, "journal");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);

    [Fact]
    public void Frames_come_back_losslessly_after_a_reopen_under_the_same_key()
    {
        var journal = FrameJournal.Open(_folder, "key a");
        for (int i = 0; i < 3; i++)
            journal.Append(Face(i));
        var reopened = FrameJournal.Open(_folder, "key a");
        Assert.Equal(3, reopened.Count);
        for (int i = 0; i < 3; i++)
            Assert.Equal(Face(i).Pixels, reopened.Read(i).Pixels);
    }

    [Fact]
    public void A_journal_written_under_another_key_is_stale_and_starts_empty()
    {
        var journal = FrameJournal.Open(_folder, "weights 1");
        journal.Append(Face(0));
        var other = FrameJournal.Open(_folder, "weights 2");
        Assert.Equal(0, other.Count);
        Assert.Empty(Directory.GetFiles(_folder, "*.png"));
        Assert.Equal(0, FrameJournal.Open(_folder, "weights 1").Count); // the old frames are gone for good
    }

    [Fact]
    public void Frames_count_from_zero_without_gaps_and_a_killed_writers_temporary_is_removed()
    {
        var journal = FrameJournal.Open(_folder, "k");
        journal.Append(Face(0));
        journal.Append(Face(1));
        File.Copy(Path.Combine(_folder, "000000.png"), Path.Combine(_folder, "000003.png")); // frame 2 missing
        File.WriteAllBytes(Path.Combine(_folder, "000002.png.partial-999999"), new byte[10]);

        var reopened = FrameJournal.Open(_folder, "k");
        Assert.Equal(2, reopened.Count);
        Assert.Empty(Directory.GetFiles(_folder, "*.partial-*"));
        reopened.Append(Face(2));
        Assert.Equal(Face(2).Pixels, FrameJournal.Open(_folder, "k").Read(2).Pixels);
    }

    [Fact]
    public async Task A_resumed_render_takes_the_journaled_frames_then_asks_the_renderer_for_the_rest_only()
    {
        var journal = FrameJournal.Open(_folder, "k");
        for (int i = 0; i < 4; i++)
            journal.Append(Face(i));
        var inner = new IndexRenderer();
        var resumable = new JournaledFrameRenderer(inner, journal);

        var frames = await Collect(resumable.RenderAsync(Face(99), Motion(10)));

        Assert.Equal(Enumerable.Range(0, 10).Select(i => Face(i).Pixels), frames.Select(f => f.Pixels));
        Assert.Equal([(4, 10)], inner.Requests);
        Assert.Equal(4, resumable.Reused);
        Assert.Equal(10, FrameJournal.Open(_folder, "k").Count);

        var again = new IndexRenderer();
        Assert.Equal(10, (await Collect(new JournaledFrameRenderer(again, FrameJournal.Open(_folder, "k")).RenderAsync(Face(99), Motion(10)))).Count);
        Assert.Empty(again.Requests); // everything came from the journal
    }

    // A small image unique to frame i (not a face: the journal stores whatever the renderer yields).
    private static RgbImage Face(int i) => new(8, 6, Enumerable.Range(0, 8 * 6 * 3).Select(p => (byte)(p * 7 + i * 31)).ToArray());

    private static MotionTrack Motion(int frames) => new(0, 3, Enumerable.Range(0, frames * 3).Select(v => (float)(v / 3)).ToArray());

    private static async Task<List<RgbImage>> Collect(IAsyncEnumerable<RgbImage> frames)
    {
        var list = new List<RgbImage>();
        await foreach (var frame in frames)
            list.Add(frame);
        return list;
    }

    /// <summary>Renders frame i as <see cref="Face"/>(i), read from the track's keypoints, and records each request's range.</summary>
    private sealed class IndexRenderer : IFrameRenderer
    {
        public List<(int Start, int End)> Requests { get; } = [];

        public async IAsyncEnumerable<RgbImage> RenderAsync(RgbImage crop, MotionTrack motion, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Requests.Add((motion.Start, motion.End));
            for (int frame = motion.Start; frame < motion.End; frame++)
            {
                await Task.Yield();
                yield return Face((int)motion.Keypoints(frame)[0]);
            }
        }
    }
}

using KDTalker.Farm.Coordinator;
using KDTalker.Model.Media;
using Xunit;

namespace KDTalker.Tests.Farm;

/// <summary>The coordinator's bookkeeping without a cluster: ranges, the bounded window, re-issue of lost and lagging frames, order.</summary>
public sealed class RangeSchedulerTests
{
    private static readonly TimeSpan T0 = TimeSpan.Zero;

    [Fact]
    public void Ranges_cover_the_video_once_and_frames_come_out_in_order_whatever_order_they_arrive_in()
    {
        var scheduler = new RangeScheduler(frames: 10, rangeFrames: 4, windowFrames: 12);
        var a = scheduler.Assign("a", T0)!;
        var b = scheduler.Assign("b", T0)!;
        var c = scheduler.Assign("c", T0)!;
        Assert.Equal([(0, 4), (4, 8), (8, 10)], new[] { a, b, c }.Select(r => (r.Start, r.End)));

        foreach (var (range, index) in new[] { (c, 8), (b, 4), (c, 9), (a, 0), (b, 5) })
            Assert.True(scheduler.Receive(range, index, Frame(index), T0));
        var written = Drain(scheduler);
        Assert.Equal([0], written);
        foreach (var index in new[] { 1, 2, 3 })
            scheduler.Receive(a, index, Frame(index), T0);
        foreach (var index in new[] { 6, 7 })
            scheduler.Receive(b, index, Frame(index), T0);
        written.AddRange(Drain(scheduler));
        Assert.Equal(Enumerable.Range(0, 10), written);
        Assert.True(scheduler.Finished);
    }

    [Fact]
    public void No_range_is_handed_out_past_the_window_so_memory_stays_bounded()
    {
        var scheduler = new RangeScheduler(frames: 1000, rangeFrames: 4, windowFrames: 8);
        var first = scheduler.Assign("a", T0)!;
        Assert.NotNull(scheduler.Assign("b", T0));
        var third = scheduler.Assign("c", T0)!; // no fresh range fits the window: c twins the range the video waits on
        Assert.Equal((0, first), (third.Start, third.Twin));
        for (int i = 0; i < 4; i++)
            scheduler.Receive(first, i, Frame(i), T0);
        scheduler.End(first);
        Drain(scheduler);
        Assert.Equal(4, scheduler.NextToWrite);
        Assert.Equal(8, scheduler.Assign("a", T0)!.Start); // the window moved on by the frames written
    }

    [Fact]
    public void A_failed_range_gives_its_missing_frames_to_the_next_idle_worker_first()
    {
        var scheduler = new RangeScheduler(frames: 12, rangeFrames: 4, windowFrames: 12);
        var a = scheduler.Assign("a", T0)!;
        scheduler.Assign("b", T0);
        scheduler.Receive(a, 0, Frame(0), T0);
        scheduler.End(a); // a died after frame 0
        var retry = scheduler.Assign("c", T0)!;
        Assert.Equal((1, 4), (retry.Start, retry.End));
        Assert.Equal(1, scheduler.Reissued);
    }

    [Fact]
    public void An_idle_worker_twins_the_range_the_video_waits_on_and_the_first_copy_of_a_frame_wins()
    {
        var scheduler = new RangeScheduler(frames: 4, rangeFrames: 4, windowFrames: 4);
        var slow = scheduler.Assign("slow", T0)!;
        scheduler.Receive(slow, 0, Frame(0), T0);
        var twin = scheduler.Assign("fast", T0)!;
        Assert.Equal((1, 4, slow), (twin.Start, twin.End, twin.Twin));
        Assert.Null(scheduler.Assign("third", T0)); // one twin per range

        foreach (var index in new[] { 1, 2, 3 })
            Assert.True(scheduler.Receive(twin, index, Frame(index), T0));
        Assert.False(scheduler.Receive(slow, 1, Frame(1), T0)); // a copy: dropped
        Assert.True(scheduler.IsComplete(slow));
        scheduler.End(slow);
        scheduler.End(twin);
        Assert.Equal([0, 1, 2, 3], Drain(scheduler));
        Assert.Null(scheduler.Assign("fast", T0));
    }

    [Fact]
    public void A_range_silent_for_longer_than_the_timeout_is_reported_hung()
    {
        var scheduler = new RangeScheduler(frames: 8, rangeFrames: 4, windowFrames: 8);
        var a = scheduler.Assign("a", T0)!;
        var b = scheduler.Assign("b", T0)!;
        scheduler.Receive(b, 4, Frame(4), TimeSpan.FromSeconds(50));
        Assert.Equal([a], scheduler.Hung(TimeSpan.FromSeconds(61), TimeSpan.FromSeconds(60)));
    }

    private static List<int> Drain(RangeScheduler scheduler)
    {
        var written = new List<int>();
        while (scheduler.TryTakeNext(out var frame))
            written.Add(frame.Pixels[0]);
        return written;
    }

    // A 1×1 frame whose red byte is its index, to see the order frames come out in.
    private static RgbImage Frame(int index) => new(1, 1, [(byte)index, 0, 0]);
}

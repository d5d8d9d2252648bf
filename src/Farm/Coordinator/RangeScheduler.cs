using KDTalker.Model.Media;

namespace KDTalker.Farm.Coordinator;

/// <summary>
/// Which frames go to which worker, and the frames back in order. The video is cut into ranges of
/// <c>rangeFrames</c>; a range is handed out only when it ends within <c>windowFrames</c> of the next frame to write,
/// so at most that many frames are ever held, whatever the video's length. A failed or hung range's missing frames
/// go back to the queue (first); a worker with nothing else to do takes the missing frames of the range the video
/// is waiting on (a laggard), and the first copy of each frame to arrive is kept.
/// </summary>
internal sealed class RangeScheduler
{
    private readonly int _end, _rangeFrames, _windowFrames;
    private readonly Dictionary<int, RgbImage> _buffer = [];
    private readonly List<Assignment> _active = [];
    private readonly SortedSet<(int Start, int End)> _retry = [];
    private int _nextFresh;

    public RangeScheduler(int frames, int rangeFrames, int windowFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        ArgumentOutOfRangeException.ThrowIfLessThan(rangeFrames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowFrames, rangeFrames);
        (_end, _rangeFrames, _windowFrames) = (frames, rangeFrames, windowFrames);
    }

    /// <summary>The next frame the video needs.</summary>
    public int NextToWrite { get; private set; }

    /// <summary>Every frame has been taken.</summary>
    public bool Finished => NextToWrite == _end;

    /// <summary>Frames received and not yet taken (bounded by the window).</summary>
    public int Buffered => _buffer.Count;

    /// <summary>Ranges re-queued after a failure or hang, and laggards duplicated.</summary>
    public int Reissued { get; private set; }

    /// <summary>The ranges being rendered.</summary>
    public IReadOnlyList<Assignment> Active => _active;

    /// <summary>Work for an idle worker: a re-queued range, a fresh one inside the window, or a laggard's missing frames; null when none.</summary>
    public Assignment? Assign(string worker, TimeSpan now)
    {
        Assignment? assignment = null;
        while (_retry.Count > 0 && assignment is null)
        {
            var (start, end) = _retry.Min;
            _retry.Remove(_retry.Min);
            start = FirstMissing(start, end);
            if (start < end)
                assignment = new Assignment(worker, start, end, now);
        }
        if (assignment is null && _nextFresh < _end && Math.Min(_nextFresh + _rangeFrames, _end) <= NextToWrite + _windowFrames)
        {
            assignment = new Assignment(worker, _nextFresh, Math.Min(_nextFresh + _rangeFrames, _end), now);
            _nextFresh = assignment.End;
        }
        if (assignment is null)
            assignment = Laggard(worker, now);
        if (assignment is not null)
            _active.Add(assignment);
        return assignment;
    }

    /// <summary>A frame arrived; true when it is new (kept for writing), false for a copy already received.</summary>
    public bool Receive(Assignment assignment, int index, RgbImage frame, TimeSpan now)
    {
        if (index < assignment.Next || index >= assignment.End)
            throw new InvalidOperationException($"Frame {index} is not the next of {assignment} (expected {assignment.Next}).");
        assignment.Next = index + 1;
        assignment.LastProgress = now;
        if (IsReceived(index))
            return false;
        _buffer[index] = frame;
        return true;
    }

    /// <summary>True when every frame of <paramref name="assignment"/> has arrived (from it or its twin).</summary>
    public bool IsComplete(Assignment assignment) => FirstMissing(assignment.Next, assignment.End) == assignment.End;

    /// <summary>
    /// The worker stopped rendering <paramref name="assignment"/> (finished, failed, hung or cancelled); frames still
    /// missing and not being rendered by its twin go back to the queue.
    /// </summary>
    public void End(Assignment assignment)
    {
        if (!_active.Remove(assignment))
            return;
        if (assignment.Twin is { } twin)
            (twin.Twin, assignment.Twin) = (null, null);
        int missing = FirstMissing(assignment.Next, assignment.End);
        bool covered = _active.Any(a => a.Start <= missing && a.End >= assignment.End && a.Next <= missing);
        if (missing < assignment.End && !covered)
        {
            _retry.Add((missing, assignment.End));
            Reissued++;
        }
    }

    /// <summary>Ranges with no frame for longer than <paramref name="timeout"/>.</summary>
    public IReadOnlyList<Assignment> Hung(TimeSpan now, TimeSpan timeout) => _active.Where(a => now - a.LastProgress > timeout).ToList();

    /// <summary>Takes the next frame to write, when it has arrived.</summary>
    public bool TryTakeNext(out RgbImage frame)
    {
        if (!_buffer.Remove(NextToWrite, out frame!))
            return false;
        NextToWrite++;
        return true;
    }

    private bool IsReceived(int index) => index < NextToWrite || _buffer.ContainsKey(index);

    private int FirstMissing(int start, int end)
    {
        int index = Math.Max(start, NextToWrite);
        while (index < end && _buffer.ContainsKey(index))
            index++;
        return Math.Min(index, end);
    }

    // The range the video waits on longest: its missing frames, for an idle worker, unless it already has a twin.
    private Assignment? Laggard(string worker, TimeSpan now)
    {
        var laggard = _active.Where(a => a.Worker != worker && a.Twin is null && FirstMissing(a.Next, a.End) < a.End)
            .OrderBy(a => FirstMissing(a.Next, a.End)).FirstOrDefault();
        if (laggard is null)
            return null;
        var twin = new Assignment(worker, FirstMissing(laggard.Next, laggard.End), laggard.End, now) { Twin = laggard };
        laggard.Twin = twin;
        Reissued++;
        return twin;
    }
}

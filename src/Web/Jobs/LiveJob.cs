namespace KDTalker.Web.Jobs;

/// <summary>
/// A queued or running job as watchers see it: the latest record, the time estimate, the latest preview frame,
/// and a signal that fires on every change (what the progress stream waits on).
/// </summary>
internal sealed class LiveJob(JobRecord record)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JobRecord _record = record;
    private TimeSpan? _remaining;
    private byte[]? _preview;
    private int _previewFrame;

    /// <summary>Cancelled when the user cancels the job.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>The latest state, and a task that completes at the next change.</summary>
    public LiveSnapshot Snapshot()
    {
        lock (_gate)
            return new LiveSnapshot(_record, _remaining, _preview is null ? null : _previewFrame, _changed.Task);
    }

    /// <summary>The latest preview frame (JPEG) and its index, or null before the first.</summary>
    public (byte[] Jpeg, int Frame)? Preview()
    {
        lock (_gate)
            return _preview is null ? null : (_preview, _previewFrame);
    }

    /// <summary>Publishes a new record (and estimate) to the watchers.</summary>
    public void Publish(JobRecord record, TimeSpan? remaining = null)
    {
        lock (_gate)
        {
            _record = record;
            _remaining = remaining;
            Signal();
        }
    }

    /// <summary>Publishes a rendered frame as the preview.</summary>
    public void PublishPreview(byte[] jpeg, int frame)
    {
        lock (_gate)
        {
            _preview = jpeg;
            _previewFrame = frame;
            Signal();
        }
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.SetResult();
    }
}

/// <summary>One view of a <see cref="LiveJob"/>: the record, the estimate left, the preview frame's index, and the next change.</summary>
internal readonly record struct LiveSnapshot(JobRecord Record, TimeSpan? Remaining, int? PreviewFrame, Task Changed);

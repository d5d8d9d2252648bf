namespace KDTalker.Model.Media;

/// <summary>
/// The order every sink enforces — open once, write frames, complete once — and the failed state: after an I/O error
/// midway the output is inconsistent, so further calls are refused and disposal deletes what was written.
/// </summary>
internal sealed class SinkLifecycle(string sinkName)
{
    private enum Stage { New, Open, Completed, Failed }

    private Stage _stage;
    private bool _disposed;

    /// <summary>True once the output is complete (disposal then keeps it).</summary>
    public bool IsCompleted => _stage == Stage.Completed;

    /// <summary>Frames written so far.</summary>
    public int Frames { get; private set; }

    /// <summary>Before opening: only a new sink can open.</summary>
    public void RequireNew()
    {
        ThrowIfDisposed();
        if (_stage != Stage.New)
            throw new InvalidOperationException($"The {sinkName} is already open; a sink writes one video.");
    }

    /// <summary>Before writing or completing: the sink must be open and not failed.</summary>
    public void RequireOpen()
    {
        ThrowIfDisposed();
        switch (_stage)
        {
            case Stage.New: throw new InvalidOperationException($"Open the {sinkName} before writing frames or completing it.");
            case Stage.Completed: throw new InvalidOperationException($"The {sinkName} is already complete.");
            case Stage.Failed: throw new InvalidOperationException($"The {sinkName} failed earlier; its output was abandoned.");
        }
    }

    /// <summary>Before completing: open, and at least one frame written (an empty video is an error, not a file).</summary>
    public void RequireFrames()
    {
        RequireOpen();
        if (Frames == 0)
            throw new InvalidOperationException($"The {sinkName} received no frames; there is no video to write.");
    }

    /// <summary>Checks a frame against the size announced at open.</summary>
    public void RequireSize(RgbImage frame, VideoStreamInfo info)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Width != info.Width || frame.Height != info.Height)
            throw new ArgumentException($"Frame {Frames} is {frame.Width}×{frame.Height}; this video is {info.Width}×{info.Height}.", nameof(frame));
    }

    /// <summary>The sink is open.</summary>
    public void Opened() => _stage = Stage.Open;

    /// <summary>One more frame is written.</summary>
    public void FrameWritten() => Frames++;

    /// <summary>The output is complete and in place.</summary>
    public void Completed() => _stage = Stage.Completed;

    /// <summary>The output is inconsistent; it will be deleted.</summary>
    public void Failed() => _stage = Stage.Failed;

    /// <summary>Marks disposal; true the first time only, so clean-up runs once (check <see cref="IsCompleted"/> to keep or delete the output).</summary>
    public bool TryDispose()
    {
        if (_disposed)
            return false;
        _disposed = true;
        return true;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, sinkName);
}

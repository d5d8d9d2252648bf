namespace KDTalker.Model.Media;

/// <summary>
/// The lifecycle every sink shares — open once, write frames, complete once — and the failed state: after an I/O error
/// midway the output is inconsistent, so further calls are refused and disposal deletes what was written. A sink calls
/// <see cref="BeginOpen"/>, <see cref="BeginFrame"/> and <see cref="BeginComplete"/> first (state, arguments and
/// cancellation checked in one place), then runs its own step through <see cref="WriteFrame"/> /
/// <see cref="Complete"/> (or their async forms), which mark the sink failed if the step throws.
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

    /// <summary>The stream announced at open (null before).</summary>
    public VideoStreamInfo? Info { get; private set; }

    /// <summary>Before opening: a new sink, a valid stream description, not cancelled. Keeps <paramref name="info"/>.</summary>
    public void BeginOpen(VideoStreamInfo info, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        if (_stage != Stage.New)
            throw new InvalidOperationException($"The {sinkName} is already open; a sink writes one video.");
        ArgumentNullException.ThrowIfNull(info);
        info.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        Info = info;
    }

    /// <summary>Before writing a frame: open, not failed, the frame of the announced size, not cancelled.</summary>
    public void BeginFrame(RgbImage frame, CancellationToken cancellationToken)
    {
        RequireOpen();
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Width != Info!.Width || frame.Height != Info.Height)
            throw new ArgumentException($"Frame {Frames} is {frame.Width}×{frame.Height}; this video is {Info.Width}×{Info.Height}.", nameof(frame));
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Before completing: open, not cancelled and, unless <paramref name="allowEmpty"/>, at least one frame written
    /// (an empty video is an error, not a file).
    /// </summary>
    public void BeginComplete(CancellationToken cancellationToken, bool allowEmpty = false)
    {
        RequireOpen();
        if (!allowEmpty && Frames == 0)
            throw new InvalidOperationException($"The {sinkName} received no frames; there is no video to write.");
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>The sink is open.</summary>
    public void Opened() => _stage = Stage.Open;

    /// <summary>Runs one frame's write; counts the frame, or marks the sink failed if it throws.</summary>
    public void WriteFrame(Action write)
    {
        Guard(write);
        Frames++;
    }

    /// <inheritdoc cref="WriteFrame" />
    public async ValueTask WriteFrameAsync(Func<ValueTask> write)
    {
        await GuardAsync(write).ConfigureAwait(false);
        Frames++;
    }

    /// <summary>Runs the completion; the output is then complete, or the sink failed if it throws.</summary>
    public void Complete(Action complete)
    {
        Guard(complete);
        _stage = Stage.Completed;
    }

    /// <inheritdoc cref="Complete" />
    public async ValueTask CompleteAsync(Func<ValueTask> complete)
    {
        await GuardAsync(complete).ConfigureAwait(false);
        _stage = Stage.Completed;
    }

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

    private void RequireOpen()
    {
        ThrowIfDisposed();
        switch (_stage)
        {
            case Stage.New: throw new InvalidOperationException($"Open the {sinkName} before writing frames or completing it.");
            case Stage.Completed: throw new InvalidOperationException($"The {sinkName} is already complete.");
            case Stage.Failed: throw new InvalidOperationException($"The {sinkName} failed earlier; its output was abandoned.");
        }
    }

    private void Guard(Action step)
    {
        try
        {
            step();
        }
        catch
        {
            _stage = Stage.Failed;
            throw;
        }
    }

    private async ValueTask GuardAsync(Func<ValueTask> step)
    {
        try
        {
            await step().ConfigureAwait(false);
        }
        catch
        {
            _stage = Stage.Failed;
            throw;
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, sinkName);
}

namespace KDTalker.Model.Media;

/// <summary>
/// Hands every frame to the caller's own delegate (a preview, a network stream, a custom encoder). The frame and audio
/// are only valid during the call: copy them to keep them.
/// </summary>
/// <param name="onFrame">Called with each frame, its audio samples (16-bit PCM mono) and the cancellation token.</param>
/// <param name="onOpen">Called once before the first frame; may be null.</param>
/// <param name="onComplete">Called once after the last frame; may be null.</param>
public sealed class CallbackFrameSink(
    Func<RgbImage, ReadOnlyMemory<short>, CancellationToken, ValueTask> onFrame,
    Func<VideoStreamInfo, CancellationToken, ValueTask>? onOpen = null,
    Func<CancellationToken, ValueTask>? onComplete = null) : IFrameSink
{
    private readonly Func<RgbImage, ReadOnlyMemory<short>, CancellationToken, ValueTask> _onFrame = onFrame ?? throw new ArgumentNullException(nameof(onFrame));
    private readonly SinkLifecycle _lifecycle = new("callback sink");

    /// <summary>A sink around a synchronous per-frame action.</summary>
    public CallbackFrameSink(Action<RgbImage, ReadOnlyMemory<short>> onFrame)
        : this(Wrap(onFrame))
    {
    }

    /// <summary>What <see cref="OpenAsync"/> received; null before.</summary>
    public VideoStreamInfo? Info => _lifecycle.Info;

    /// <inheritdoc />
    public async ValueTask OpenAsync(VideoStreamInfo info, CancellationToken cancellationToken = default)
    {
        _lifecycle.BeginOpen(info, cancellationToken);
        if (onOpen is not null)
            await onOpen(info, cancellationToken).ConfigureAwait(false);
        _lifecycle.Opened();
    }

    /// <inheritdoc />
    public async ValueTask WriteFrameAsync(RgbImage frame, ReadOnlyMemory<short> audio, CancellationToken cancellationToken = default)
    {
        _lifecycle.BeginFrame(frame, cancellationToken);
        await _lifecycle.WriteFrameAsync(() => _onFrame(frame, audio, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        _lifecycle.BeginComplete(cancellationToken, allowEmpty: true);
        await _lifecycle.CompleteAsync(() => onComplete?.Invoke(cancellationToken) ?? ValueTask.CompletedTask).ConfigureAwait(false);
    }

    /// <summary>Nothing to release; later calls are refused.</summary>
    public ValueTask DisposeAsync()
    {
        _lifecycle.TryDispose();
        return ValueTask.CompletedTask;
    }

    private static Func<RgbImage, ReadOnlyMemory<short>, CancellationToken, ValueTask> Wrap(Action<RgbImage, ReadOnlyMemory<short>> onFrame)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        return (frame, audio, _) =>
        {
            onFrame(frame, audio);
            return ValueTask.CompletedTask;
        };
    }
}

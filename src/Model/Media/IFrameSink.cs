namespace KDTalker.Model.Media;

/// <summary>
/// Where rendered frames go, one at a time, with the audio that belongs to each (640 samples of 16 kHz per
/// 40 ms frame), so memory does not grow with the video's length. Call <see cref="OpenAsync"/> once, then
/// <see cref="WriteFrameAsync"/> per frame, then <see cref="CompleteAsync"/>; disposing a sink that was not
/// completed abandons the output and leaves nothing behind.
/// </summary>
public interface IFrameSink : IAsyncDisposable
{
    /// <summary>Prepares the output for frames and audio described by <paramref name="info"/>.</summary>
    ValueTask OpenAsync(VideoStreamInfo info, CancellationToken cancellationToken = default);

    /// <summary>Adds the next frame and its audio samples (16-bit PCM, mono).</summary>
    ValueTask WriteFrameAsync(RgbImage frame, ReadOnlyMemory<short> audio, CancellationToken cancellationToken = default);

    /// <summary>Finishes the output (indexes, headers, the final file name).</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken = default);
}

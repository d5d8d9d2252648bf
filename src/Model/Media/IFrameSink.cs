namespace KDTalker.Model.Media;

/// <summary>
/// Where rendered frames go, one at a time, with the audio that belongs to each (640 samples of 16 kHz per
/// 40 ms frame), so memory does not grow with the video's length. Call <see cref="OpenAsync"/> once, then
/// <see cref="WriteFrameAsync"/> per frame, then <see cref="CompleteAsync"/>; disposing a sink that was not
/// completed (after cancellation or an error) abandons the output and leaves nothing behind.
/// </summary>
/// <remarks>
/// The sinks here (<see cref="AviWriter"/>, <see cref="FfmpegMp4Writer"/>, <see cref="PngSequenceSink"/>,
/// <see cref="CallbackFrameSink"/>; <see cref="FrameSinks.Create"/> picks one by <see cref="VideoFormat"/>) refuse
/// calls out of order, frames of another size than announced, and completing without frames; after an I/O error
/// they refuse further calls. <see cref="VideoStreamInfo.FrameCount"/> is a hint: headers are written from the
/// frames actually received.
/// </remarks>
public interface IFrameSink : IAsyncDisposable
{
    /// <summary>Prepares the output for frames and audio described by <paramref name="info"/> (a missing or unwritable folder fails here).</summary>
    ValueTask OpenAsync(VideoStreamInfo info, CancellationToken cancellationToken = default);

    /// <summary>Adds the next frame and its audio samples (16-bit PCM, mono). The sink does not keep either after it returns.</summary>
    ValueTask WriteFrameAsync(RgbImage frame, ReadOnlyMemory<short> audio, CancellationToken cancellationToken = default);

    /// <summary>Finishes the output (indexes, headers, the final name); only then does the output appear under its name.</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken = default);
}

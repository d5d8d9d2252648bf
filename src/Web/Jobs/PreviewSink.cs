using System.Diagnostics;
using KDTalker.Model.Media;
using StbImageWriteSharp;

namespace KDTalker.Web.Jobs;

/// <summary>Passes frames on to the video file, and hands one to <paramref name="onPreview"/> (as JPEG) at most every <paramref name="interval"/>.</summary>
internal sealed class PreviewSink(IFrameSink inner, Action<byte[], int> onPreview, TimeSpan interval) : IFrameSink
{
    private readonly Stopwatch _sinceLast = new();
    private int _frame;

    public ValueTask OpenAsync(VideoStreamInfo info, CancellationToken cancellationToken = default) => inner.OpenAsync(info, cancellationToken);

    public async ValueTask WriteFrameAsync(RgbImage frame, ReadOnlyMemory<short> audio, CancellationToken cancellationToken = default)
    {
        await inner.WriteFrameAsync(frame, audio, cancellationToken);
        if (!_sinceLast.IsRunning || _sinceLast.Elapsed >= interval)
        {
            using var jpeg = new MemoryStream();
            new ImageWriter().WriteJpg(frame.Pixels, frame.Width, frame.Height, ColorComponents.RedGreenBlue, jpeg, 80);
            onPreview(jpeg.ToArray(), _frame);
            _sinceLast.Restart();
        }
        _frame++;
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => inner.CompleteAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}

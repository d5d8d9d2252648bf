using KDTalker.Model.Audio;
using KDTalker.Model.Media;

namespace KDTalker.Model.Pipeline;

/// <summary>
/// Rendered faces in frame order + the speech → the sink: each face pasted back into the photo when asked, with its
/// 40 ms of 16-bit PCM. One muxer serves every way of rendering, so their videos are the same bytes.
/// </summary>
internal sealed class VideoMuxer(PreparedPortrait portrait, IAudioSamples speech, IFrameSink sink)
{
    private readonly int _samplesPerFrame = AudioLoader.SampleRate / Talker.FramesPerSecond;

    /// <summary>Opens the sink for <paramref name="frames"/> frames (a bad output fails here, before any long work).</summary>
    public ValueTask OpenAsync(int frames, CancellationToken cancellationToken)
    {
        var (width, height) = portrait.FrameSize;
        return sink.OpenAsync(new VideoStreamInfo(width, height, Talker.FramesPerSecond, AudioLoader.SampleRate, frames), cancellationToken);
    }

    /// <summary>Writes <paramref name="faces"/> as frames 0, 1, …; <paramref name="written"/> hears each frame count.</summary>
    public async Task<int> WriteAsync(IAsyncEnumerable<RgbImage> faces, Action<int> written, CancellationToken cancellationToken)
    {
        var audio = new float[_samplesPerFrame];
        var pcm = new short[_samplesPerFrame];
        int index = 0;
        await foreach (var face in faces.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            speech.Read((long)index * _samplesPerFrame, audio);
            Pcm16(audio, pcm);
            var output = portrait.PasteBack is null ? face : portrait.PasteBack.Composite(face);
            await sink.WriteFrameAsync(output, pcm, cancellationToken).ConfigureAwait(false);
            written(++index);
        }
        return index;
    }

    /// <summary>Finishes the output file.</summary>
    public ValueTask CompleteAsync(CancellationToken cancellationToken) => sink.CompleteAsync(cancellationToken);

    // float in [−1, 1) → 16-bit PCM, rounded and clamped (exact for audio that came from 16-bit samples).
    private static void Pcm16(ReadOnlySpan<float> samples, Span<short> pcm)
    {
        for (int i = 0; i < samples.Length; i++)
            pcm[i] = (short)Math.Clamp(Math.Round(samples[i] * 32768.0), short.MinValue, short.MaxValue);
    }
}

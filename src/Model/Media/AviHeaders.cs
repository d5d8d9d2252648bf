namespace KDTalker.Model.Media;

/// <summary>
/// The fixed-size header structures of an AVI with one Motion-JPEG and one 16-bit PCM mono stream (Microsoft's
/// AVIMAINHEADER, AVISTREAMHEADER, BITMAPINFOHEADER, WAVEFORMATEX and OpenDML's dmlh). Each is written once with
/// zero counts and rewritten in place, same size, when the counts are known.
/// </summary>
internal static class AviHeaders
{
    private const int HasIndex = 0x10, IsInterleaved = 0x100;

    /// <summary>dmlh body: dwTotalFrames then reserved space, 248 bytes as the OpenDML spec and ffmpeg write it.</summary>
    public const int OdmlHeaderBytes = 248;

    /// <summary>
    /// AVIMAINHEADER. <paramref name="framesInFirstRiff"/> is what AVI 1.0 readers can reach (OpenDML: the total lives
    /// in dmlh and in each stream's dwLength).
    /// </summary>
    public static byte[] Main(VideoStreamInfo info, int framesInFirstRiff, int maxBytesPerSecond, int largestChunk) => RiffWriter.Fields(
        1_000_000 / info.FramesPerSecond, maxBytesPerSecond, 0, HasIndex | IsInterleaved, framesInFirstRiff, 0, 2, largestChunk,
        info.Width, info.Height, 0, 0, 0, 0);

    /// <summary>AVISTREAMHEADER for MJPG video: rate/scale = fps, length in frames, rcFrame = (0, 0, width, height) as 16-bit values.</summary>
    public static byte[] VideoStream(VideoStreamInfo info, int frames, int largestChunk) => RiffWriter.Fields(
        RiffWriter.FourCC("vids"), RiffWriter.FourCC("MJPG"), 0, 0, 0, 1, info.FramesPerSecond, 0, frames, largestChunk, -1, 0,
        0, info.Width | info.Height << 16);

    /// <summary>AVISTREAMHEADER for PCM audio: rate/scale = samples per second, length in samples, 2-byte samples.</summary>
    public static byte[] AudioStream(VideoStreamInfo info, long samples, int largestChunk) => RiffWriter.Fields(
        RiffWriter.FourCC("auds"), 0, 0, 0, 0, 1, info.AudioSampleRate, 0, checked((int)samples), largestChunk, -1, 2, 0, 0);

    /// <summary>BITMAPINFOHEADER with biCompression = MJPG, 24 bits.</summary>
    public static byte[] BitmapInfo(VideoStreamInfo info) => RiffWriter.Fields(
        40, info.Width, info.Height, 1 | 24 << 16, RiffWriter.FourCC("MJPG"), info.Width * info.Height * 3, 0, 0, 0, 0);

    /// <summary>WAVEFORMATEX (18 bytes): PCM, mono, 16-bit, cbSize 0.</summary>
    public static byte[] WaveFormat(VideoStreamInfo info)
    {
        var fields = RiffWriter.Fields(1 | 1 << 16, info.AudioSampleRate, info.AudioSampleRate * 2, 2 | 16 << 16);
        return [.. fields, 0, 0];
    }

    /// <summary>dmlh: the total frame count over every RIFF.</summary>
    public static byte[] Odml(int totalFrames)
    {
        var body = new byte[OdmlHeaderBytes];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(body, totalFrames);
        return body;
    }
}

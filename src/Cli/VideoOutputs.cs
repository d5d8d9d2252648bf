using KDTalker.Model.Media;

namespace KDTalker.Cli;

/// <summary>The frame sink for each `--format`, and the default one.</summary>
internal static class VideoOutputs
{
    /// <summary>MP4 when a system ffmpeg can encode it, else our own AVI writer (saying so).</summary>
    public static VideoFormat DefaultFormat()
    {
        if (FfmpegMp4Writer.IsAvailable)
            return VideoFormat.Mp4;
        Console.WriteLine("note: ffmpeg is not installed, so the video is written as AVI (Motion-JPEG + PCM, no native dependency); install ffmpeg for MP4.");
        return VideoFormat.Avi;
    }

    public static IFrameSink Create(VideoFormat format, string output) => format switch
    {
        VideoFormat.Png => new PngSequenceSink(output),
        VideoFormat.Avi => new AviWriter(output),
        VideoFormat.Mp4 => new FfmpegMp4Writer(output),
        _ => throw new UsageException($"unknown output format {format}."),
    };
}

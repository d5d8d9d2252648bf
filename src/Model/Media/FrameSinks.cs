namespace KDTalker.Model.Media;

/// <summary>The sink for each <see cref="VideoFormat"/>, and the default format on this machine.</summary>
public static class FrameSinks
{
    /// <summary>A new, unopened sink writing <paramref name="format"/> to <paramref name="path"/> (a file, or a folder for PNG).</summary>
    public static IFrameSink Create(VideoFormat format, string path, FrameSinkOptions? options = null)
    {
        options ??= new FrameSinkOptions();
        return format switch
        {
            VideoFormat.Avi => new AviWriter(path, options.JpegQuality, options.AviRiffLimit),
            VideoFormat.Mp4 => new FfmpegMp4Writer(path, options.FfmpegPath, options.Crf, options.X264Preset),
            VideoFormat.Png => new PngSequenceSink(path),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown video format; use Avi, Mp4 or Png."),
        };
    }

    /// <summary>MP4 when a working ffmpeg is found (<paramref name="ffmpegPath"/> or PATH), else AVI, which needs nothing native.</summary>
    public static VideoFormat DefaultFormat(string? ffmpegPath = null) =>
        FfmpegLocator.Find(ffmpegPath) is null ? VideoFormat.Avi : VideoFormat.Mp4;

    /// <summary>The usual file extension of <paramref name="format"/> (".avi", ".mp4"; "" for a PNG folder).</summary>
    public static string Extension(VideoFormat format) => format switch
    {
        VideoFormat.Avi => ".avi",
        VideoFormat.Mp4 => ".mp4",
        VideoFormat.Png => "",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown video format; use Avi, Mp4 or Png."),
    };
}

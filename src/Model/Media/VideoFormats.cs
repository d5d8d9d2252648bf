namespace KDTalker.Model.Media;

/// <summary>The output format a path asks for: its extension decides (.avi, .mp4, none for a folder of PNG frames).</summary>
public static class VideoFormats
{
    /// <summary>
    /// The format to write <paramref name="path"/> in. Without <paramref name="requested"/> the extension decides; with
    /// it, it must not contradict an .avi or .mp4 extension (a path without one takes any format).
    /// </summary>
    /// <exception cref="ArgumentException">The extension is unknown and no format is requested, or it clashes with the requested format.</exception>
    public static VideoFormat For(string path, VideoFormat? requested = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var implied = Implied(path);
        if (requested is { } format)
        {
            if (implied is { } named && named != format && Path.GetExtension(path).Length > 0)
                throw new ArgumentException(
                    $"{path} ends in {Path.GetExtension(path)}, which is {Name(named)}, but {Name(format)} was asked for: " +
                    $"name the output {Suffix(format)}, or leave the format to the extension.", nameof(requested));
            return format;
        }
        return implied ?? throw new ArgumentException(
            $"{path}: cannot tell the video format from the extension {Path.GetExtension(path)}: name the output .avi (Motion-JPEG, no dependency) " +
            "or .mp4 (H.264, needs ffmpeg), or give a path without an extension for a folder of PNG frames.", nameof(path));
    }

    private static VideoFormat? Implied(string path) =>
        Path.GetExtension(Path.TrimEndingDirectorySeparator(path)).ToLowerInvariant() switch
        {
            ".avi" => VideoFormat.Avi,
            ".mp4" => VideoFormat.Mp4,
            "" => VideoFormat.Png,
            _ => null,
        };

    private static string Name(VideoFormat format) => format switch
    {
        VideoFormat.Avi => "AVI",
        VideoFormat.Mp4 => "MP4",
        _ => "a folder of PNG frames",
    };

    private static string Suffix(VideoFormat format) => format == VideoFormat.Png ? "without an extension" : FrameSinks.Extension(format);
}

using KDTalker.Model.Media;

namespace KDTalker.Cli;

/// <summary>The frame sink for each `--format`.</summary>
internal static class VideoOutputs
{
    public static VideoFormat DefaultFormat(string output) =>
        Path.GetExtension(output).Length == 0 ? VideoFormat.Png : VideoFormat.Png;

    public static IFrameSink Create(VideoFormat format, string output) => format switch
    {
        VideoFormat.Png => new PngSequenceSink(output),
        _ => throw new UsageException($"--format {format.ToString().ToLowerInvariant()} is not in this build yet; use --format png."),
    };
}

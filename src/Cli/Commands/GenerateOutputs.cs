using KDTalker.Model.Media;
using KDTalker.Model.Pipeline;

namespace KDTalker.Cli.Commands;

/// <summary>
/// The outputs of `kdtalker generate`, checked before any work starts (a bad path costs seconds, not a finished
/// render), then cleared of what a killed run left beside them.
/// </summary>
internal static class GenerateOutputs
{
    /// <summary>Checks every output path; returns the video's format (from its extension unless --format says), null without a video.</summary>
    /// <exception cref="UsageException">An output cannot be written, the format clashes with the extension, or MP4 is asked for without ffmpeg.</exception>
    public static VideoFormat? Check(string? video, VideoFormat? requested, string? keypoints, string? posePlot, string[] inputs)
    {
        VideoFormat? format = null;
        try
        {
            if (video is not null)
            {
                format = VideoFormats.For(video, requested);
                if (format == VideoFormat.Png)
                    OutputPaths.CheckFolder(video, "--out", inputs);
                else
                    OutputPaths.CheckFile(video, "--out", inputs);
            }
            if (keypoints is not null)
                OutputPaths.CheckFile(keypoints, "--keypoints", inputs);
            if (posePlot is not null)
                OutputPaths.CheckFile(posePlot, "--pose-plot", inputs);
            OutputPaths.CheckDistinct(video, keypoints, posePlot);
        }
        catch (ArgumentException error)
        {
            throw new UsageException(error.Message);
        }
        if (format == VideoFormat.Mp4 && FfmpegLocator.Find() is null)
            throw new UsageException($"{video}: MP4 output needs ffmpeg, which is not installed (apt install ffmpeg); name the output .avi for " +
                "Motion-JPEG AVI, which needs nothing.");
        foreach (string? output in new[] { video, keypoints, posePlot })
            if (output is not null)
                StaleTemporaries.CleanBeside(output);
        StaleTemporaries.CleanAudioTracks();
        return format;
    }
}

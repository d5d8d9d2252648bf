namespace KDTalker.Model.Media;

/// <summary>One kind of input or output, and whether it works on this machine.</summary>
/// <param name="Direction">"audio in" or "video out".</param>
/// <param name="Formats">The formats, as a user names them.</param>
/// <param name="Available">True when they work here.</param>
/// <param name="Detail">How they are handled, or what is missing.</param>
public sealed record FormatSupport(string Direction, string Formats, bool Available, string Detail);

/// <summary>The formats a run can read and write here: the managed ones always, the rest when ffmpeg is installed.</summary>
public static class MediaFormats
{
    /// <summary>Every kind of input and output; <paramref name="ffmpegPath"/> as for <see cref="FfmpegLocator.Find"/>.</summary>
    public static IReadOnlyList<FormatSupport> OnThisMachine(string? ffmpegPath = null)
    {
        string? ffmpeg = FfmpegLocator.Find(ffmpegPath);
        string through = ffmpeg is null ? "needs ffmpeg, which is not installed (apt install ffmpeg)" : $"through ffmpeg ({ffmpeg})";
        return
        [
            new("audio in", "WAV, MP3", true, "built in (managed code: NAudio, NLayer)"),
            new("audio in", "AAC/M4A, OGG/Opus, FLAC, the audio of video files", ffmpeg is not null, through),
            new("video out", "AVI (Motion-JPEG + PCM), PNG frames + WAV", true, "built in"),
            new("video out", "MP4 (H.264 + AAC)", ffmpeg is not null, through),
        ];
    }
}

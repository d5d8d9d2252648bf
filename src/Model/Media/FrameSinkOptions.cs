namespace KDTalker.Model.Media;

/// <summary>Settings for the sinks <see cref="FrameSinks.Create"/> makes; each sink reads the ones that concern it.</summary>
public sealed record FrameSinkOptions
{
    /// <summary>AVI: JPEG quality of each frame, 1–100.</summary>
    public int JpegQuality { get; init; } = 90;

    /// <summary>AVI: the largest RIFF in bytes (OpenDML starts another past it); lower only to test multi-RIFF files.</summary>
    public long AviRiffLimit { get; init; } = AviWriter.DefaultRiffLimit;

    /// <summary>MP4: x264's constant rate factor, 0–51 (lower is better and larger; 18 looks lossless on most content).</summary>
    public int Crf { get; init; } = 18;

    /// <summary>MP4: x264's speed/size preset (ultrafast … veryslow).</summary>
    public string X264Preset { get; init; } = "medium";

    /// <summary>MP4: the ffmpeg to run; null finds it on PATH (<see cref="FfmpegLocator"/>).</summary>
    public string? FfmpegPath { get; init; }
}

namespace KDTalker.Model.Media;

/// <summary>The output kinds a generated video can be written as.</summary>
public enum VideoFormat
{
    /// <summary>AVI with Motion-JPEG frames and 16-bit PCM audio, written by our own code (no native dependency).</summary>
    Avi,

    /// <summary>MP4 with H.264 video and AAC audio, through a system ffmpeg.</summary>
    Mp4,

    /// <summary>A folder of PNG frames and the speech as a WAV file.</summary>
    Png,
}

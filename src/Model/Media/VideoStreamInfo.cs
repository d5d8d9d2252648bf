namespace KDTalker.Model.Media;

/// <summary>What a frame sink receives: frame size, frame rate, the audio's sample rate (mono 16-bit) and the frame count.</summary>
public sealed record VideoStreamInfo(int Width, int Height, int FramesPerSecond, int AudioSampleRate, int FrameCount)
{
    /// <summary>Audio samples per video frame (640 for 16 kHz at 25 fps).</summary>
    public int SamplesPerFrame => AudioSampleRate / FramesPerSecond;
}

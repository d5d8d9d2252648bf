namespace KDTalker.Model.Media;

/// <summary>
/// What a frame sink receives: frame size, frame rate, the audio's sample rate (mono 16-bit) and the frame count the
/// producer expects. <see cref="FrameCount"/> is a hint (progress, pre-sizing): every sink in this folder writes its
/// headers from the frames it actually received, so a different final count still gives a correct file.
/// </summary>
public sealed record VideoStreamInfo(int Width, int Height, int FramesPerSecond, int AudioSampleRate, int FrameCount)
{
    /// <summary>Audio samples per video frame (640 for 16 kHz at 25 fps).</summary>
    public int SamplesPerFrame => AudioSampleRate / FramesPerSecond;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value no video can have.</summary>
    public void Validate()
    {
        if (Width <= 0 || Height <= 0)
            throw new ArgumentException($"A video frame must have a positive size, got {Width}×{Height}.");
        if (FramesPerSecond <= 0 || FramesPerSecond > 1000)
            throw new ArgumentException($"The frame rate must be between 1 and 1000 frames per second, got {FramesPerSecond}.");
        if (AudioSampleRate <= 0)
            throw new ArgumentException($"The audio sample rate must be positive, got {AudioSampleRate}.");
        if (FrameCount < 0)
            throw new ArgumentException($"The expected frame count cannot be negative, got {FrameCount}.");
    }
}

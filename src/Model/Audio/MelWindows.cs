namespace KDTalker.Model.Audio;

/// <summary>
/// The per-video-frame mel windows of KDTalker's <c>extract_mel_from_audio</c> (docs/PIPELINE.md §6): frame i sees
/// the 16 mel frames from int(80·(i − 2)/25), indices clamped to the spectrogram (edge replication), laid
/// out as (80 bands, 16 time steps).
/// </summary>
public static class MelWindows
{
    /// <summary>Mel frames per window.</summary>
    public const int Length = 16;

    /// <summary>
    /// First mel frame of video frame <paramref name="videoFrame"/>: int(80·((i − 2)/25)) in double, truncated
    /// toward zero as Python's int() does (i = 0 → −6, not floor's −7).
    /// </summary>
    public static int Start(int videoFrame) => (int)(80.0 * ((videoFrame - 2) / 25.0));

    /// <summary>
    /// Writes the window of <paramref name="videoFrame"/> as float32 (bands × 16, row-major) from a normalised
    /// mel spectrogram (bands × <paramref name="melFrames"/>, row-major).
    /// </summary>
    public static void Fill(ReadOnlySpan<double> mel, int bands, int melFrames, int videoFrame, Span<float> window) =>
        Fill(mel, bands, 0, melFrames, melFrames, videoFrame, window);

    /// <summary>
    /// As above from a slice of the spectrogram: <paramref name="mel"/> holds frames [firstFrame, firstFrame +
    /// sliceFrames) of a spectrogram of <paramref name="melFrames"/> frames (bands × sliceFrames, row-major), and
    /// must cover the window's clamped frames.
    /// </summary>
    public static void Fill(ReadOnlySpan<double> mel, int bands, int firstFrame, int sliceFrames, int melFrames, int videoFrame, Span<float> window)
    {
        if (window.Length != bands * Length || mel.Length != bands * sliceFrames)
            throw new ArgumentException($"A window holds {bands}×{Length} values of a {bands}×{sliceFrames} spectrogram slice.");
        int start = Start(videoFrame);
        Span<int> columns = stackalloc int[Length];
        for (int j = 0; j < Length; j++)
        {
            columns[j] = Math.Clamp(start + j, 0, melFrames - 1) - firstFrame;
            if ((uint)columns[j] >= (uint)sliceFrames)
                throw new ArgumentException($"Video frame {videoFrame} needs mel frame {columns[j] + firstFrame}, outside the slice " +
                    $"[{firstFrame}, {firstFrame + sliceFrames}).");
        }
        for (int m = 0; m < bands; m++)
        {
            var row = mel.Slice(m * sliceFrames, sliceFrames);
            for (int j = 0; j < Length; j++)
                window[m * Length + j] = (float)row[columns[j]];
        }
    }

    /// <summary>The window of <paramref name="videoFrame"/> in float64 (bands × 16), as upstream's indiv_mels holds it.</summary>
    public static double[] Window(ReadOnlySpan<double> mel, int bands, int melFrames, int videoFrame)
    {
        var window = new double[bands * Length];
        int start = Start(videoFrame);
        for (int m = 0; m < bands; m++)
            for (int j = 0; j < Length; j++)
                window[m * Length + j] = mel[m * melFrames + Math.Clamp(start + j, 0, melFrames - 1)];
        return window;
    }
}

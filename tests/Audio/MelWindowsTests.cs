using KDTalker.Model.Audio;
using Xunit;

namespace KDTalker.Tests.Audio;

/// <summary>The per-video-frame window starts (Python int() truncation) and edge clamping.</summary>
public class MelWindowsTests
{
    [Theory]
    [InlineData(0, -6)]
    [InlineData(1, -3)]
    [InlineData(2, 0)]
    [InlineData(3, 3)]
    [InlineData(4, 6)]
    [InlineData(5, 9)]
    [InlineData(6, 12)]
    [InlineData(7, 16)]
    public void Start_truncates_toward_zero(int videoFrame, int start) => Assert.Equal(start, MelWindows.Start(videoFrame));

    [Fact]
    public void Start_equals_the_exact_integer_quotient()
    {
        for (int i = 0; i <= 200_000; i++)
            Assert.Equal(16 * (i - 2) / 5, MelWindows.Start(i));
    }

    /// <summary>A spectrogram whose value is band·1000 + frame shows which frame each window column reads.</summary>
    private static double[] IndexSpectrogram(int bands, int frames)
    {
        var mel = new double[bands * frames];
        for (int m = 0; m < bands; m++)
            for (int t = 0; t < frames; t++)
                mel[m * frames + t] = m * 1000 + t;
        return mel;
    }

    [Fact]
    public void Negative_starts_replicate_the_first_frame()
    {
        const int bands = 3, frames = 40;
        var window = new float[bands * MelWindows.Length];
        MelWindows.Fill(IndexSpectrogram(bands, frames), bands, frames, 0, window);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9], window[..16]);
        Assert.Equal(2000 + 9, window[^1]);
        MelWindows.Fill(IndexSpectrogram(bands, frames), bands, frames, 1, window);
        Assert.Equal([0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], window[..16]);
    }

    [Fact]
    public void Starts_past_the_end_replicate_the_last_frame()
    {
        const int bands = 2, frames = 1 + 1280 / 200;   // 7 mel frames of 2 video frames
        var mel = IndexSpectrogram(bands, frames);
        var window = MelWindows.Window(mel, bands, frames, 9);   // start 22, past the end
        Assert.All(window[..16], v => Assert.Equal(6, v));
        Assert.All(window[16..], v => Assert.Equal(1006, v));
        var partly = MelWindows.Window(mel, bands, frames, 3);    // start 3: frames 3..6 then clamped
        Assert.Equal([3, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6], partly[..16]);
    }
}

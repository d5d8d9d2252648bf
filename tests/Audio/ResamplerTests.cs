using System.Diagnostics;
using KDTalker.Model.Audio;
using Xunit;
using Xunit.Abstractions;

namespace KDTalker.Tests.Audio;

public sealed class ResamplerTests(ITestOutputHelper output)
{
    private const int Target = 16000;
    private const double Amplitude = 0.5;

    // The filter's edge transients span ~160 input samples; measure well inside the signal.
    private const int Edge = 400;

    // 44101 Hz gives L = 16000 phases, more than the table holds: the interpolated-phase path.
    private static float[] Interior(float[] signal) => signal[Edge..^Edge];

    [Theory]
    [InlineData(44100, 440)]
    [InlineData(44100, 3000)]
    [InlineData(44100, 6500)]
    [InlineData(48000, 440)]
    [InlineData(48000, 3000)]
    [InlineData(48000, 6500)]
    [InlineData(22050, 440)]
    [InlineData(22050, 3000)]
    [InlineData(22050, 6500)]
    [InlineData(8000, 440)]
    [InlineData(8000, 3000)]
    [InlineData(8000, 3500)]
    [InlineData(11025, 3000)]
    [InlineData(96000, 6500)]
    [InlineData(44101, 3000)]
    [InlineData(44101, 6500)]
    public void Passband_tone_keeps_its_amplitude_and_frequency(int fromRate, double frequency)
    {
        var resampled = Resampler.Resample(ToneFit.Sine(frequency, Amplitude, fromRate, fromRate / 2), fromRate, Target);
        var fit = ToneFit.Measure(Interior(resampled), frequency, Target);

        double gainDb = ToneFit.Decibels(fit.Amplitude / Amplitude);
        double residualDb = ToneFit.Decibels(fit.ResidualRms * Math.Sqrt(2) / Amplitude);
        output.WriteLine($"{fromRate} Hz, {frequency} Hz tone: gain {gainDb:F4} dB, residual {residualDb:F1} dB");
        Assert.InRange(gainDb, -0.1, 0.1);
        // Whatever is not the tone at exactly this frequency (a shifted tone, images, distortion) stays 60 dB down.
        Assert.True(residualDb < -60, $"residual {residualDb:F1} dB");
    }

    [Theory]
    [InlineData(44100, 9000)]
    [InlineData(44100, 12000)]
    [InlineData(44100, 15000)]
    [InlineData(48000, 9000)]
    [InlineData(48000, 12000)]
    [InlineData(48000, 15000)]
    [InlineData(22050, 9000)]
    [InlineData(22050, 10500)]
    [InlineData(96000, 30000)]
    [InlineData(44101, 9000)]
    public void Tone_above_the_target_nyquist_is_attenuated_by_60_db(int fromRate, double frequency)
    {
        var resampled = Resampler.Resample(ToneFit.Sine(frequency, Amplitude, fromRate, fromRate / 2), fromRate, Target);
        double alias = Math.Abs(frequency - Target * Math.Round(frequency / Target));
        var fit = ToneFit.Measure(Interior(resampled), alias, Target);

        double aliasDb = ToneFit.Decibels(fit.Amplitude / Amplitude);
        double totalDb = ToneFit.Decibels(ToneFit.Rms(Interior(resampled)) * Math.Sqrt(2) / Amplitude);
        output.WriteLine($"{fromRate} Hz, {frequency} Hz tone: alias at {alias} Hz {aliasDb:F1} dB, total {totalDb:F1} dB");
        Assert.True(aliasDb < -60, $"alias {aliasDb:F1} dB");
        Assert.True(totalDb < -60, $"total {totalDb:F1} dB");
    }

    [Theory]
    [InlineData(44100, 44100, 16000)]
    [InlineData(1000, 44100, 363)]
    [InlineData(3, 48000, 1)]
    [InlineData(1, 48000, 0)]
    [InlineData(0, 22050, 0)]
    [InlineData(8000, 8000, 16000)]
    [InlineData(7, 8000, 14)]
    [InlineData(12345, 11025, 17916)]
    public void Output_length_is_the_rounded_rate_ratio(int inputLength, int fromRate, int expectedLength) =>
        Assert.Equal(expectedLength, Resampler.Resample(new float[inputLength], fromRate, Target).Length);

    [Fact]
    public void Same_rate_returns_an_equal_copy()
    {
        var input = ToneFit.Sine(440, Amplitude, Target, 1000);
        var output = Resampler.Resample(input, Target, Target);
        Assert.Equal(input, output);
        Assert.NotSame(input, output);
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(8000)]
    public void Constant_signal_stays_constant_inside(int fromRate)
    {
        var resampled = Resampler.Resample(Enumerable.Repeat(0.25f, fromRate / 4).ToArray(), fromRate, Target);
        foreach (float sample in Interior(resampled))
            Assert.InRange(sample, 0.25f - 1e-5f, 0.25f + 1e-5f);
    }

    [Fact]
    public void A_minute_of_48_khz_audio_resamples_in_well_under_the_audio_time()
    {
        var input = new float[48000 * 60];
        Resampler.Resample(input.AsSpan(0, 4800), 48000, Target);
        var clock = Stopwatch.StartNew();
        var resampled = Resampler.Resample(input, 48000, Target);
        output.WriteLine($"60 s at 48 kHz -> 16 kHz: {clock.ElapsedMilliseconds} ms");
        Assert.Equal(16000 * 60, resampled.Length);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{clock.ElapsedMilliseconds} ms");
    }
}

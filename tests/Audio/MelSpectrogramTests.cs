using System.Runtime.InteropServices;
using KDTalker.Model.Audio;
using KDTalker.Tensors.SafeTensors;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Audio;

/// <summary>
/// The mel front end against librosa/scipy's outputs recorded in golden case g (1.3 s of tones and noise).
/// Both sides are float64, so the bounds are far tighter than the README's 1e-4 for the normalised mel.
/// </summary>
public class MelSpectrogramTests
{
    private static double[] Float64(SafeTensorsFile file, string name) =>
        MemoryMarshal.Cast<byte, double>(file.Bytes(name)).ToArray();

    private static SafeTensorsFile Case() => SafeTensorsFile.Open(Fixtures.Path("golden/g_mel.safetensors"));

    [Fact]
    public void Mel_basis_matches_librosa()
    {
        using var file = Case();
        var expected = file.ReadFloat32("mel_basis");
        var actual = new MelSpectrogram().MelBasis.ToArray();
        Assert.Equal(80 * 401, actual.Length);
        Assert.True(actual.Zip(expected, (a, e) => Math.Abs(a - e)).Max() <= 1e-9);
    }

    [Fact]
    public void Spectrogram_of_the_fixture_wave_matches_upstream()
    {
        using var file = Case();
        var mel = new MelSpectrogram();
        var wave = file.ReadFloat32("wav_float32");
        Assert.Equal(32, mel.VideoFrameCount(wave.Length));
        var cropped = mel.CropToVideoFrames(wave);
        Assert.Equal(file.ReadFloat32("wav_cropped"), cropped.ToArray());

        var magnitude = mel.StftMagnitude(mel.Preemphasize(cropped.Span));
        var expectedMagnitude = Float64(file, "stft_magnitude");
        double peak = expectedMagnitude.Max();
        Assert.True(magnitude.Zip(expectedMagnitude, (a, e) => Math.Abs(a - e)).Max() <= 1e-10 * peak);

        var spectrogram = mel.Compute(cropped);
        var expected = Float64(file, "melspectrogram");
        Assert.Equal(80 * 103, spectrogram.Length);
        Assert.True(spectrogram.Zip(expected, (a, e) => Math.Abs(a - e)).Max() <= 1e-9);
        Assert.InRange(spectrogram.Min(), -4.0, 4.0);
        Assert.InRange(spectrogram.Max(), -4.0, 4.0);

        // The streamed Compute is the staged computation, bit for bit.
        var staged = mel.ToMel(magnitude, mel.FrameCount(cropped.Length));
        mel.Normalize(staged);
        Assert.Equal(staged, spectrogram);
    }

    [Fact]
    public void Audio_is_cut_to_whole_video_frames()
    {
        var mel = new MelSpectrogram();
        Assert.Equal(0, mel.VideoFrameCount(639));
        Assert.Equal(1, mel.VideoFrameCount(640));
        Assert.Equal(200, mel.VideoFrameCount(128_174));
        Assert.Equal(1 + 1280 / 200, mel.FrameCount(1280));
        Assert.Equal(1280, mel.CropToVideoFrames(new float[1300]).Length);
    }
}

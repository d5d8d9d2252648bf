using KDTalker.Model.Audio;
using KDTalker.Tensors.SafeTensors;
using KDTalker.Tests.Support;
using Xunit;
using static KDTalker.Tests.Audio.WavWriter;

namespace KDTalker.Tests.Audio;

public sealed class AudioLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kdtalker-audio-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteFile(string name, byte[] bytes)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private string WriteFakeFfmpeg(string script)
    {
        string path = Path.Combine(_directory, "ffmpeg");
        File.WriteAllText(path, "#!/bin/sh\n" + script + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public void Sixteen_khz_wav_loads_unchanged()
    {
        using var expected = SafeTensorsFile.Open(Fixtures.Path("golden/g_mel.safetensors"));
        Assert.Equal(expected.ReadFloat32("wav_float32"), new AudioLoader().Load(Fixtures.Path("audio/g_audio.wav")));
    }

    [Fact]
    public void Wav_at_44100_hz_loads_resampled_to_16_khz()
    {
        var sine = ToneFit.Sine(440, 0.5, 44100, 44100);
        var codes = sine.Select(v => (long)Math.Round(v * 32768)).ToArray();
        string path = WriteFile("tone.wav", Simple(TagPcm, 1, 44100, 16, IntegerSamples(codes, 16)));

        var samples = new AudioLoader().Load(path);

        Assert.Equal(16000, samples.Length);
        var fit = ToneFit.Measure(samples.AsSpan(400, 15200), 440, 16000);
        Assert.InRange(ToneFit.Decibels(fit.Amplitude / 0.5), -0.1, 0.1);
        Assert.True(fit.ResidualRms < 1e-4, $"residual {fit.ResidualRms}");
    }

    [Fact]
    public void Missing_file_is_file_not_found() =>
        Assert.Throws<FileNotFoundException>(() => new AudioLoader().Load(Path.Combine(_directory, "absent.wav")));

    [Fact]
    public void Wav_extension_on_a_png_is_not_riff()
    {
        string path = WriteFile("image.wav", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0]);
        var error = Assert.Throws<AudioFormatException>(() => new AudioLoader().Load(path));
        Assert.Contains("not a RIFF file", error.Message);
    }

    [Fact]
    public void Ogg_without_ffmpeg_explains_how_to_get_it()
    {
        string path = WriteFile("speech.ogg", "OggS"u8.ToArray());
        var loader = new AudioLoader(Path.Combine(_directory, "no-such-ffmpeg"));

        var error = Assert.Throws<AudioFormatException>(() => loader.Load(path));

        Assert.StartsWith(path, error.Message);
        Assert.Contains("decoding .ogg audio needs ffmpeg", error.Message);
        Assert.Contains("apt install ffmpeg", error.Message);
        Assert.Contains("https://ffmpeg.org", error.Message);
        Assert.Contains("give a WAV or MP3 file", error.Message);
    }

    [Theory]
    [InlineData("speech_22k_mono.mp3")]
    [InlineData("speech_22k_mono.mp2")]
    public void Mpeg_audio_loads_without_ffmpeg(string name)
    {
        var loader = new AudioLoader(Path.Combine(_directory, "no-such-ffmpeg"));
        var samples = loader.Load(Fixtures.Path("audio/" + name));
        // The speech lasts 4.48 s; the MPEG path trims the encoder's delay and padding.
        Assert.InRange(samples.Length, 4.40 * AudioLoader.SampleRate, 4.56 * AudioLoader.SampleRate);
        Assert.True(samples.Max(Math.Abs) > 0.1f);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "+infinity")]
    [InlineData(float.NegativeInfinity, "-infinity")]
    public void A_non_finite_sample_is_refused_with_its_time(float bad, string named)
    {
        var values = ToneFit.Sine(440, 0.5, 48000, 48000 * 3).Select(v => (float)v).ToArray();
        values[72_000] = bad; // 1.5 s
        string path = WriteFile("nan.wav", Simple(TagFloat, 1, 48000, 32, Float32Samples(values)));

        var error = Assert.Throws<AudioFormatException>(() => new AudioLoader().Load(path));

        Assert.StartsWith(path, error.Message);
        Assert.Contains($"sample 72,000 (at 00:00:01.500) is {named}", error.Message);
    }

    [Fact]
    public void Ffmpeg_output_is_read_as_little_endian_float32()
    {
        if (OperatingSystem.IsWindows())
            return;
        float[] expected = [0f, 0.5f, -0.25f, 1e-3f, -1f, 0.75f];
        string pcm = WriteFile("decoded.f32", Float32Samples(expected));
        string arguments = Path.Combine(_directory, "arguments.txt");
        string ffmpeg = WriteFakeFfmpeg($"printf '%s\\n' \"$@\" > '{arguments}'\ncat '{pcm}'");
        string path = WriteFile("speech.m4a", [0]);

        var samples = new AudioLoader(ffmpeg).Load(path);

        Assert.Equal(expected, samples);
        Assert.Equal(["-v", "error", "-i", "file:" + path, "-f", "f32le", "-ac", "1", "-ar", "16000", "-"], File.ReadAllLines(arguments));
    }

    [Fact]
    public void Ffmpeg_failure_carries_its_stderr()
    {
        if (OperatingSystem.IsWindows())
            return;
        string ffmpeg = WriteFakeFfmpeg("echo 'speech.ogg: Invalid data found when processing input' >&2\nexit 1");
        string path = WriteFile("speech.ogg", [0]);

        var error = Assert.Throws<AudioFormatException>(() => new AudioLoader(ffmpeg).Load(path));

        Assert.Contains("ffmpeg failed (exit code 1)", error.Message);
        Assert.Contains("Invalid data found when processing input", error.Message);
    }

    [Fact]
    public void Cancelling_kills_a_running_ffmpeg()
    {
        if (OperatingSystem.IsWindows())
            return;
        string ffmpeg = WriteFakeFfmpeg("exec sleep 30");
        string path = WriteFile("long.webm", [0]);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(() => new AudioLoader(ffmpeg).Load(path, cancellation.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.ElapsedMilliseconds} ms");
    }
}

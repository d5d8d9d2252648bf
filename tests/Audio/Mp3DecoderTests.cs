using System.Diagnostics;
using KDTalker.Model.Audio;
using KDTalker.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace KDTalker.Tests.Audio;

/// <summary>NLayer's MPEG decoding against ffmpeg's decoding of the same bytes (fixtures/audio/README.md), and on damaged files.</summary>
public sealed class Mp3DecoderTests(ITestOutputHelper output)
{
    public static TheoryData<string> Files => new() { "speech_44k_stereo.mp3", "speech_22k_mono.mp3", "speech_16k_no_tag.mp3", "speech_22k_mono.mp2" };

    private static (float[] Samples, int Rate) Decode(byte[] file)
    {
        var samples = new List<float>();
        int rate = Mp3Decoder.Decode(new MemoryStream(file), "test.mp3", _ => block => samples.AddRange(block));
        return ([.. samples], rate);
    }

    // Both decode the same bit stream in float32; layer III agrees to about 1e-6 of full scale, layer II to 3e-5.
    [Theory]
    [InlineData("speech_44k_stereo.mp3", 1e-5, 1e-5)]
    [InlineData("speech_22k_mono.mp3", 1e-5, 1e-5)]
    [InlineData("speech_16k_no_tag.mp3", 1e-5, 1e-5)]
    [InlineData("speech_22k_mono.mp2", 1e-4, 3e-4)]
    public void Decodes_the_samples_ffmpeg_decodes(string name, double maxTolerance, double relativeTolerance)
    {
        string path = Fixtures.Path("audio/" + name);
        var (ours, rate) = Decode(File.ReadAllBytes(path));
        var reference = FfmpegMono(path);

        Assert.Equal(reference.Length, ours.Length);
        double maxError = 0, squaredError = 0, squaredSignal = 0;
        for (int i = 0; i < ours.Length; i++)
        {
            double error = Math.Abs(ours[i] - reference[i]);
            maxError = Math.Max(maxError, error);
            squaredError += error * error;
            squaredSignal += (double)reference[i] * reference[i];
        }
        double relative = Math.Sqrt(squaredError / squaredSignal);
        output.WriteLine($"{name}: {ours.Length} samples at {rate} Hz, max |error| {maxError:E2}, relative RMS error {relative:E2}");
        Assert.True(maxError < maxTolerance, $"max |error| {maxError:E2}");
        Assert.True(relative < relativeTolerance, $"relative RMS error {relative:E2}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_managed_path_and_the_ffmpeg_path_give_the_same_frame_count(string name)
    {
        string path = Fixtures.Path("audio/" + name);
        var managed = new AudioLoader().Load(path);
        var viaFfmpeg = new FfmpegDecoder("ffmpeg").Decode(path, AudioLoader.SampleRate);
        output.WriteLine($"{name}: {managed.Length} samples managed, {viaFfmpeg.Length} through ffmpeg");
        Assert.InRange(managed.Length / 640 - viaFfmpeg.Length / 640, -1, 1);
    }

    [Fact]
    public void The_lavc_tag_of_the_44_khz_file_trims_its_encoder_delay_and_padding()
    {
        // The tag says delay 576, padding 1140 (read with a hex dump); the decoder adds 529 samples of its own.
        var head = File.ReadAllBytes(Fixtures.Path("audio/speech_44k_stereo.mp3"))[..4096];
        Assert.Equal(new Mp3Gapless(576 + 529, 1140 - 529), Mp3Gapless.Read(head));
        Assert.Equal(default, Mp3Gapless.Read(File.ReadAllBytes(Fixtures.Path("audio/speech_16k_no_tag.mp3"))[..4096]));
    }

    [Fact]
    public void Files_that_are_not_mpeg_audio_are_format_errors()
    {
        Assert.Throws<AudioFormatException>(() => Decode([]));
        Assert.Throws<AudioFormatException>(() => Decode("This is a text file, not audio."u8.ToArray()));
        Assert.Throws<AudioFormatException>(() => Decode(File.ReadAllBytes(Fixtures.Path("audio/speech_22k_mono.mp3"))[..40]));
    }

    [Fact]
    public void Truncated_and_bit_flipped_files_decode_or_fail_cleanly_in_bounded_time_and_memory()
    {
        var valid = File.ReadAllBytes(Fixtures.Path("audio/speech_22k_mono.mp3"));
        int validSamples = Decode(valid).Samples.Length;
        var random = new Random(15);
        var slowest = TimeSpan.Zero;
        long mostAllocated = 0;
        int decoded = 0, refused = 0;
        for (int trial = 0; trial < 120; trial++)
        {
            var file = valid.ToArray();
            switch (trial % 6 == 5 ? 5 : trial % 4)
            {
                case 0:
                    file = file[..random.Next(file.Length)];
                    break;
                case 1: // flips in the headers and the first frames
                    for (int flips = random.Next(1, 8); flips > 0; flips--)
                        file[random.Next(600)] ^= (byte)(1 << random.Next(8));
                    break;
                case 5: // an ID3 tag declaring 256 MB, which NLayer would allocate
                    file = [.. "ID3"u8.ToArray(), 4, 0, 0, 0x7F, 0x7F, 0x7F, 0x7F, .. file];
                    break;
                case 2: // flips anywhere
                    for (int flips = random.Next(1, 40); flips > 0; flips--)
                        file[random.Next(file.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                default: // a run of garbage
                    random.NextBytes(file.AsSpan(random.Next(file.Length - 512), 512));
                    break;
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            try
            {
                var (samples, rate) = Decode(file);
                Assert.InRange(rate, 8000, 48000);
                Assert.InRange(samples.Length, 0, 2 * validSamples);
                Assert.All(samples, v => Assert.True(float.IsFinite(v)));
                decoded++;
            }
            catch (AudioFormatException)
            {
                refused++;
            }
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            mostAllocated = Math.Max(mostAllocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        output.WriteLine($"{decoded} decoded, {refused} refused; slowest {slowest.TotalMilliseconds:F0} ms, most allocated {mostAllocated / 1e6:F1} MB");
        Assert.True(slowest < TimeSpan.FromSeconds(5), $"Slowest fuzz case took {slowest.TotalMilliseconds:F0} ms.");
        Assert.True(mostAllocated < 64_000_000, $"A fuzz case allocated {mostAllocated / 1e6:F0} MB.");
    }

    // ffmpeg's own decoding at the file's rate, mono as the mean of the channels.
    private static float[] FfmpegMono(string path)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] mean = path.Contains("stereo") ? ["-af", "pan=mono|c0=0.5*c0+0.5*c1"] : [];
        foreach (string argument in new[] { "-v", "error", "-i", path }.Concat(mean).Concat(["-f", "f32le", "-"]))
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start; install it (apt install ffmpeg).");
        using var bytes = new MemoryStream();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(bytes);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors.Result);
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.ToArray()).ToArray();
    }
}

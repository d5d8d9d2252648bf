using System.Globalization;
using System.Text.RegularExpressions;
using KDTalker.Model.Media;
using KDTalker.Tests.Audio;
using KDTalker.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace KDTalker.Tests.Cli;

/// <summary>
/// Memory does not grow with the audio: `kdtalker generate --motion-only` on 1 and 20 minutes of synthetic speech
/// (real-size audio encoder, test denoiser at 1 DDIM step, streamed features, motion, smoothing and keypoint
/// export) in a child process, whose peak working set it prints. Measured here: 235 MB and 248 MB. Rendering is
/// left out (a frame costs ~1 s on the test networks) and holds one frame at a time by construction.
/// </summary>
public sealed partial class LongAudioMemoryTests(ITestOutputHelper output) : IDisposable
{
    private const double CeilingMegabytes = 700, GrowthMegabytes = 120;
    private readonly string _directory = Directory.CreateTempSubdirectory("kdtalker-memory-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Twenty_minutes_of_audio_run_in_the_memory_of_one_minute()
    {
        string image = Path.Combine(_directory, "face.png");
        PngFile.Write(new RgbImage(256, 256, Enumerable.Range(0, 256 * 256 * 3).Select(i => (byte)(i * 13 % 256)).ToArray()), image);
        double oneMinute = PeakMegabytes(image, Speech("1min.wav", 60), 1500);
        double twentyMinutes = PeakMegabytes(image, Speech("20min.wav", 20 * 60), 30000);
        output.WriteLine($"peak working set: 1 min {oneMinute:F0} MB, 20 min {twentyMinutes:F0} MB");
        Assert.True(twentyMinutes < CeilingMegabytes, $"20 minutes peaked at {twentyMinutes:F0} MB (ceiling {CeilingMegabytes} MB).");
        Assert.True(twentyMinutes - oneMinute < GrowthMegabytes, $"20 minutes took {twentyMinutes - oneMinute:F0} MB more than 1 minute.");
    }

    private double PeakMegabytes(string image, string speech, int frames)
    {
        string keypoints = Path.Combine(_directory, Path.GetFileNameWithoutExtension(speech) + ".csv");
        var result = Kdtalker.Run("generate", "--image", image, "--audio", speech, "--weights", "test", "--no-crop", "--steps", "1",
            "--motion-only", "--keypoints", keypoints);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"{frames} frames", result.Output);
        Assert.Equal(frames + 1, File.ReadLines(keypoints).Count());
        return double.Parse(PeakMemory().Match(result.Output).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    // Speech-like: a 140 Hz buzz under a slow syllable envelope, plus a little noise.
    private string Speech(string name, int seconds)
    {
        var rng = new Random(seconds);
        var bytes = new byte[seconds * 16000 * 2];
        for (int i = 0; i < bytes.Length / 2; i++)
        {
            double t = i / 16000.0, envelope = Math.Max(0, Math.Sin(2 * Math.PI * 3 * t));
            short v = (short)(6000 * envelope * Math.Sin(2 * Math.PI * 140 * t) + rng.Next(-200, 200));
            bytes[2 * i] = (byte)v;
            bytes[2 * i + 1] = (byte)(v >> 8);
        }
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, WavWriter.Simple(1, 1, 16000, 16, bytes));
        return path;
    }

    [GeneratedRegex(@"peak memory (\d+) MB")]
    private static partial Regex PeakMemory();
}

using KDTalker.Model.Media;
using KDTalker.Tests.Audio;
using KDTalker.Tests.Support;
using Xunit;
using static KDTalker.Tests.Audio.WavWriter;

namespace KDTalker.Tests.Cli;

/// <summary>
/// `kdtalker generate` on inputs a new user gets wrong: each ends with a message that names the problem, exit code 1
/// (bad input) or 2 (bad command line), and no file — found before any work (nothing about the backend or the
/// weights is printed yet) wherever the command line alone shows it.
/// </summary>
public sealed class GenerateHostileInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kdtalker-hostile-").FullName;
    private readonly string _image, _speech;

    public GenerateHostileInputTests()
    {
        _image = Path.Combine(_directory, "face.png");
        PngFile.Write(new RgbImage(64, 64, Enumerable.Range(0, 64 * 64 * 3).Select(i => (byte)(i * 5)).ToArray()), _image);
        _speech = Write("speech.wav", Simple(TagPcm, 1, 16000, 16, IntegerSamples(Tone(16000, 8000).Select(v => (long)(v * 20000)).ToArray(), 16)));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Nan_samples_are_refused_with_the_time_of_the_first()
    {
        var values = Tone(48000, 48000).Select(v => (float)v).ToArray();
        values[12_000] = float.NaN;
        string nan = Write("nan.wav", Simple(TagFloat, 1, 48000, 32, Float32Samples(values)));
        var result = Generate("--audio", nan);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("sample 12,000 (at 00:00:00.250) is NaN", result.Error);
        AssertNoOutput();
    }

    [Fact]
    public void A_one_hertz_header_is_refused_instead_of_announcing_hours_of_frames()
    {
        string slow = Write("slow.wav", Simple(TagPcm, 1, 1, 16, new byte[16000]));
        var result = Generate("--audio", slow);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("invalid sample rate 1 Hz", result.Error);
        Assert.DoesNotContain("frames at 25 fps", result.Output);
        AssertNoOutput();
    }

    [Fact]
    public void An_output_that_is_an_existing_folder_is_refused_before_any_work()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "talk.avi"));
        RefusedBeforeWork(Generate("--out", Path.Combine(_directory, "talk.avi")), "is an existing folder");
    }

    [Fact]
    public void A_png_output_folder_that_is_not_empty_is_refused_before_any_work()
    {
        string frames = Path.Combine(_directory, "frames");
        Directory.CreateDirectory(frames);
        File.WriteAllText(Path.Combine(frames, "notes.txt"), "keep me");
        RefusedBeforeWork(Generate("--out", frames), "not empty");
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(frames, "notes.txt")));
    }

    [Theory]
    [InlineData("--keypoints")]
    [InlineData("--pose-plot")]
    public void Motion_outputs_that_are_folders_are_refused_before_any_work(string option) =>
        RefusedBeforeWork(Generate(option, _directory), "is an existing folder");

    [Fact]
    public void An_output_that_is_the_audio_input_is_refused_before_any_work()
    {
        RefusedBeforeWork(Generate("--out", _speech, "--format", "avi"), "is also an input");
        Assert.True(File.Exists(_speech));
    }

    [Theory]
    [InlineData("talk.avi", "mp4", "but MP4 was asked for")]
    [InlineData("talk.mp4", "png", "but a folder of PNG frames was asked for")]
    [InlineData("talk.mov", null, "cannot tell the video format from the extension .mov")]
    public void The_format_and_the_extension_must_agree(string name, string? format, string message)
    {
        string[] formatOption = format is null ? [] : ["--format", format];
        RefusedBeforeWork(Generate(["--out", Path.Combine(_directory, name), .. formatOption]), message);
    }

    [Fact]
    public void Mp4_without_ffmpeg_is_refused_before_any_work_and_avi_is_suggested()
    {
        var noFfmpeg = new Dictionary<string, string?> { ["PATH"] = Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName };
        var result = Kdtalker.Run(noFfmpeg, Arguments(["--out", Path.Combine(_directory, "talk.mp4")]));
        RefusedBeforeWork(result, "MP4 output needs ffmpeg, which is not installed");
        Assert.Contains("name the output .avi", result.Error);
    }

    [Fact]
    public void A_one_pixel_image_with_no_crop_is_refused()
    {
        string dot = Path.Combine(_directory, "dot.png");
        PngFile.Write(new RgbImage(1, 1, [200, 100, 50]), dot);
        var result = Generate("--image", dot);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("1×1 pixels: too small for --no-crop", result.Error);
        File.Delete(dot);
        AssertNoOutput();
    }

    private void RefusedBeforeWork(Kdtalker.Result result, string message)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.DoesNotContain("backend:", result.Output);
        AssertNoOutput();
    }

    private Kdtalker.Result Generate(params string[] overrides) => Kdtalker.Run(Arguments(overrides));

    private string[] Arguments(string[] overrides)
    {
        var options = new Dictionary<string, string?>
        {
            ["--image"] = _image, ["--audio"] = _speech, ["--out"] = Path.Combine(_directory, "out.avi"), ["--weights"] = "test", ["--no-crop"] = null, ["--steps"] = "1",
        };
        for (int i = 0; i < overrides.Length; i += 2)
            options[overrides[i]] = overrides[i + 1];
        var arguments = new List<string> { "generate" };
        foreach (var (name, value) in options)
        {
            arguments.Add(name);
            if (value is not null)
                arguments.Add(value);
        }
        return [.. arguments];
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static double[] Tone(int rate, int length) => Enumerable.Range(0, length).Select(n => 0.4 * Math.Sin(2 * Math.PI * 220 * n / rate)).ToArray();

    // Only the inputs (and folders a test made) are there: no output, no temporary.
    private void AssertNoOutput() =>
        Assert.All(Directory.GetFiles(_directory), file => Assert.Matches(@"\.(png|wav)$", file));
}

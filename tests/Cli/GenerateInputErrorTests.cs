using KDTalker.Model.Media;
using KDTalker.Tests.Audio;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Cli;

/// <summary>
/// `kdtalker generate` with bad inputs: each stops with a specific message naming the problem, a non-zero exit
/// code and no output file.
/// </summary>
public sealed class GenerateInputErrorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kdtalker-cli-").FullName;
    private readonly string _image, _speech, _output;

    public GenerateInputErrorTests()
    {
        _image = Path.Combine(_directory, "face.png");
        PngFile.Write(new RgbImage(64, 64, Enumerable.Range(0, 64 * 64 * 3).Select(i => (byte)i).ToArray()), _image);
        _speech = Wav("speech.wav", Enumerable.Range(0, 8000).Select(i => (short)(3000 * Math.Sin(i * 0.05))).ToArray());
        _output = Path.Combine(_directory, "out.avi");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_missing_image_is_named()
    {
        var result = Generate("--image", Path.Combine(_directory, "nope.jpg"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Image file not found", result.Error);
        AssertNoOutput();
    }

    [Fact]
    public void A_file_that_is_not_an_image_is_rejected()
    {
        string text = Path.Combine(_directory, "notes.jpg");
        File.WriteAllText(text, "not a picture");
        var result = Generate("--image", text);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not an image", result.Error);
        AssertNoOutput();
    }

    [Fact]
    public void Silent_empty_and_too_short_audio_each_say_what_is_wrong()
    {
        var silent = Generate("--audio", Wav("silent.wav", new short[16000]));
        Assert.Equal(1, silent.ExitCode);
        Assert.Contains("is silent", silent.Error);
        var empty = Generate("--audio", Wav("empty.wav", []));
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("holds no samples", empty.Error);
        var shortClip = Generate("--audio", Wav("short.wav", Enumerable.Repeat((short)1000, 300).ToArray()));
        Assert.Equal(1, shortClip.ExitCode);
        Assert.Contains("shorter than one video frame", shortClip.Error);
        AssertNoOutput();
    }

    [Fact]
    public void Missing_weights_say_where_to_get_them()
    {
        var result = Generate("--weights", Path.Combine(_directory, "no-weights"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no weights at", result.Error);
        Assert.Contains("kdtalker convert", result.Error);
        AssertNoOutput();
    }

    [Fact]
    public void Files_that_are_not_weights_are_named_for_what_they_are()
    {
        var notWeights = Generate("--weights", _speech);
        Assert.Equal(1, notWeights.ExitCode);
        Assert.Contains("is not a PyTorch checkpoint", notWeights.Error);
        string empty = Directory.CreateDirectory(Path.Combine(_directory, "empty-weights")).FullName;
        var emptyFolder = Generate("--weights", empty);
        Assert.Equal(1, emptyFolder.ExitCode);
        Assert.Contains("holds neither a KDTalker weight bundle nor the upstream checkpoints", emptyFolder.Error);
        AssertNoOutput();
    }

    [Fact]
    public void An_output_folder_that_does_not_exist_is_rejected_before_any_work()
    {
        var result = Generate("--out", Path.Combine(_directory, "missing", "out.avi"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("output folder", result.Error);
    }

    [Fact]
    public void Out_of_range_controls_are_usage_errors()
    {
        Assert.Contains("steps", Generate("--steps", "0").Error);
        Assert.Contains("head motion scale", Generate("--head-motion", "-1").Error);
        Assert.Equal(2, Generate("--format", "gif").ExitCode);
        AssertNoOutput();
    }

    private Kdtalker.Result Generate(params string[] overrides)
    {
        var options = new Dictionary<string, string?>
        {
            ["--image"] = _image, ["--audio"] = _speech, ["--out"] = _output, ["--weights"] = "test", ["--no-crop"] = null,
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
        return Kdtalker.Run([.. arguments]);
    }

    private string Wav(string name, short[] samples)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, WavWriter.Simple(1, 1, 16000, 16, samples.SelectMany(BitConverter.GetBytes).ToArray()));
        return path;
    }

    private void AssertNoOutput() =>
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_directory), p => Path.GetFileName(p).StartsWith("out", StringComparison.Ordinal));
}

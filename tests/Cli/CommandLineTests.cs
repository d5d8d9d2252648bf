using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Cli;

/// <summary>
/// The `kdtalker` command line as a user meets it, in a child process: generated help for every verb listing the
/// option names the command has always had, typo suggestions, typed values checked before any work, and the exit
/// codes (0 done, 1 bad input data, 2 a command line that cannot run).
/// </summary>
public sealed class CommandLineTests
{
    // The options each verb had before the move to System.CommandLine (README, the old hand-written parser):
    // every one must still be accepted and listed.
    private static readonly string[] BackendOptionNames = ["--device", "--precision", "--threads", "--simd"];

    public static TheoryData<string, string[]> VerbsAndTheirOptions => new()
    {
        { "info", BackendOptionNames },
        { "selftest", ["--cases", .. BackendOptionNames] },
        { "convert", ["--out", "--float16", "--any-size"] },
        { "weights inspect", [] },
        {
            "generate",
            ["--image", "--audio", "--out", "--weights", "--format", "--seed", "--steps", "--head-motion", "--expression", "--lips-only", "--relative",
             "--face-index", "--face-models", "--no-crop", "--paste-back", "--keypoints", "--pose-plot", "--motion-only", .. BackendOptionNames]
        },
        { "faces", ["--json", "--crops", "--face-models", .. BackendOptionNames] },
        { "bench", ["--frames", "--steps", .. BackendOptionNames] },
        {
            "serve",
            ["--port", "--listen", "--token", "--data", "--weights", "--face-models", "--keep-days", "--max-disk-mb", "--max-upload-mb", "--max-audio-seconds", .. BackendOptionNames]
        },
        {
            "worker",
            ["--cluster", "--weights", "--name", "--port", "--gateway-port", "--listen", "--advertise", "--advertise-port", "--advertise-gateway-port",
             .. BackendOptionNames]
        },
        { "completion", [] },
    };

    [Theory]
    [MemberData(nameof(VerbsAndTheirOptions))]
    public void Every_verb_has_help_that_lists_its_options(string verb, string[] options)
    {
        var result = Kdtalker.Run([.. verb.Split(' '), "--help"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"kdtalker {verb}", result.Output);
        Assert.Contains("Usage:", result.Output);
        foreach (string option in options)
            Assert.Contains(option + " ", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void No_verb_and_help_print_the_usage_and_succeed()
    {
        foreach (string[] arguments in new[] { Array.Empty<string>(), ["help"], ["--help"], ["-h"] })
        {
            var result = Kdtalker.Run(arguments);
            Assert.Equal(0, result.ExitCode);
            foreach (string verb in new[] { "info", "selftest", "convert", "weights", "generate", "faces", "bench", "serve", "completion" })
                Assert.Contains($"  {verb} ", result.Output);
        }
        var verbHelp = Kdtalker.Run("help", "bench");
        Assert.Equal(0, verbHelp.ExitCode);
        Assert.Contains("--frames", verbHelp.Output);
    }

    [Fact]
    public void A_mistyped_option_or_verb_is_answered_with_the_closest_names()
    {
        var option = Kdtalker.Run("bench", "--stpes", "2");
        Assert.Equal(2, option.ExitCode);
        Assert.Contains("'--stpes' was not matched. Did you mean one of the following?\n--steps\n", option.Output.ReplaceLineEndings("\n"));
        Assert.Contains("Unrecognized command or argument '--stpes'", option.Error);

        var verb = Kdtalker.Run("genrate", "--image", "face.png");
        Assert.Equal(2, verb.ExitCode);
        Assert.Contains("'genrate' was not matched. Did you mean one of the following?\ngenerate\n", verb.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Typed_values_are_checked_before_any_work()
    {
        var notANumber = Kdtalker.Run("bench", "--frames", "many");
        Assert.Equal(2, notANumber.ExitCode);
        Assert.Contains("Cannot parse argument 'many' for option '--frames'", notANumber.Error);
        var outOfRange = Kdtalker.Run("bench", "--steps", "0");
        Assert.Equal(2, outOfRange.ExitCode);
        Assert.Contains("--steps must be between 1 and 1000, not 0.", outOfRange.Error);
        var threads = Kdtalker.Run("info", "--threads", "-2");
        Assert.Equal(2, threads.ExitCode);
        Assert.Contains("--threads must be 0 (all cores) or more, not -2.", threads.Error);
        var simd = Kdtalker.Run("info", "--simd", "avx");
        Assert.Equal(2, simd.ExitCode);
        Assert.Contains("--simd must be one of scalar, vector128, vector256, vector512, not 'avx'.", simd.Error);
        var port = Kdtalker.Run("worker", "--cluster", "redis://127.0.0.1/farm", "--advertise-port", "70000");
        Assert.Equal(2, port.ExitCode);
        Assert.Contains("--advertise-port must be a TCP port (1-65535), not 70000.", port.Error);
        var localhost = Kdtalker.Run("worker", "--advertise-gateway-port", "30001");
        Assert.Equal(2, localhost.ExitCode);
        Assert.Contains("--advertise-gateway-port needs --cluster redis://", localhost.Error);
        var missing = Kdtalker.Run("generate", "--audio", "speech.wav", "--out", "talk.avi");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Option '--image' is required.", missing.Error);
    }

    [Fact]
    public void The_backend_options_still_choose_the_backend()
    {
        var result = Kdtalker.Run("info", "--device", "CPU", "--threads", "1", "--simd", "Vector128");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Vector128 kernels, 1 thread", result.Output);
    }

    [Fact]
    public void Input_errors_exit_1_and_name_the_file()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"kdtalker-missing-{Guid.NewGuid():N}.safetensors");
        var result = Kdtalker.Run("weights", "inspect", missing);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("kdtalker weights inspect: ", result.Error);
        Assert.Contains(missing, result.Error);
    }
}

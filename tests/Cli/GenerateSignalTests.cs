using KDTalker.Model.Media;
using KDTalker.Tests.Support;
using Xunit;
using static KDTalker.Tests.Audio.WavWriter;

namespace KDTalker.Tests.Cli;

/// <summary>
/// `kdtalker generate` in a child process, stopped as kill, timeout, systemd, Docker and a closed terminal stop it:
/// SIGTERM and SIGHUP stop it between frames with 143 and 129 and nothing left, in the output folder or the
/// temporary folder; after a SIGKILL the next run removes what the killed one left. Also: the output format follows
/// the extension, and WAV and MP3 need no ffmpeg.
/// </summary>
public sealed class GenerateSignalTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kdtalker-signals-").FullName;
    private readonly string _temporary, _image;

    public GenerateSignalTests()
    {
        _temporary = Directory.CreateDirectory(Path.Combine(_directory, "tmp")).FullName;
        _image = Path.Combine(_directory, "face.png");
        PngFile.Write(new RgbImage(64, 64, Enumerable.Range(0, 64 * 64 * 3).Select(i => (byte)(i * 3)).ToArray()), _image);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Dictionary<string, string?> Environment => new() { ["TMPDIR"] = _temporary };

    [Theory]
    [InlineData("TERM", 143, "generating: ")] // while rendering
    [InlineData("HUP", 129, "audio: ")]       // once the audio is decoded into its temporary file
    public void A_signal_stops_the_run_and_leaves_nothing(string signal, int exitCode, string after)
    {
        string speech = Speech("speech.wav", 2);
        string output = Path.Combine(_directory, "talk.avi");
        using var run = Kdtalker.Start(Environment, Arguments(speech, output));
        Assert.True(run.WaitFor(after, TimeSpan.FromMinutes(3)), $"the run never printed '{after}'");
        run.Signal(signal);
        var result = run.WaitForExit(TimeSpan.FromMinutes(2));

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains("cancelled", result.Error);
        Assert.Equal(["face.png", "speech.wav"], Directory.GetFiles(_directory).Select(Path.GetFileName).Order());
        Assert.Empty(Directory.GetFiles(_temporary, "kdtalker-*"));
    }

    [Fact]
    public void After_a_sigkill_the_next_run_removes_what_the_killed_one_left()
    {
        string speech = Speech("speech.wav", 2);
        string output = Path.Combine(_directory, "talk.avi");
        using (var run = Kdtalker.Start(Environment, Arguments(speech, output)))
        {
            Assert.True(run.WaitFor("generating: ", TimeSpan.FromMinutes(3)), "the run never started rendering");
            run.KillHard();
        }
        Assert.Single(Directory.GetFiles(_directory, "talk.avi.partial-*"));
        Assert.Single(Directory.GetFiles(_temporary, "kdtalker-audio-*.f32"));

        // The next run fails fast (silent audio), but cleans up first.
        string silent = Path.Combine(_directory, "silent.wav");
        File.WriteAllBytes(silent, Simple(TagPcm, 1, 16000, 16, new byte[16000]));
        var next = Kdtalker.Run(Environment, Arguments(silent, output));
        Assert.Equal(1, next.ExitCode);
        Assert.Empty(Directory.GetFiles(_directory, "talk.avi.partial-*"));
        Assert.Empty(Directory.GetFiles(_temporary, "kdtalker-*"));
    }

    [Fact]
    public void Talk_avi_is_an_avi_even_with_ffmpeg_installed()
    {
        string output = Path.Combine(_directory, "talk.avi");
        var result = Kdtalker.Run(Environment, Arguments(Speech("speech.wav", 0.08), output));
        Assert.True(result.ExitCode == 0, result.Error);
        var header = File.ReadAllBytes(output)[..12];
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(header, 0, 4));
        Assert.Equal("AVI ", System.Text.Encoding.ASCII.GetString(header, 8, 4));
    }

    [Fact]
    public void Wav_and_mp3_need_no_ffmpeg()
    {
        var noFfmpeg = new Dictionary<string, string?>(Environment) { ["PATH"] = Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName };
        var info = Kdtalker.Run(noFfmpeg, "info");
        Assert.Contains("audio in   yes  WAV, MP3: built in", info.Output);
        Assert.Contains("audio in   no   AAC/M4A, OGG/Opus, FLAC", info.Output);
        Assert.Contains("video out  no   MP4 (H.264 + AAC): needs ffmpeg", info.Output);
        string output = Path.Combine(_directory, "talk.avi");
        var wav = Kdtalker.Run(noFfmpeg, Arguments(Speech("speech.wav", 0.08), output));
        Assert.True(wav.ExitCode == 0, wav.Error);
        Assert.True(File.Exists(output));

        string keypoints = Path.Combine(_directory, "motion.csv");
        var mp3 = Kdtalker.Run(noFfmpeg, "generate", "--image", _image, "--no-crop", "--audio", Fixtures.Path("audio/speech_22k_mono.mp3"),
            "--weights", "test", "--steps", "1", "--motion-only", "--keypoints", keypoints);
        Assert.True(mp3.ExitCode == 0, mp3.Error);
        // 4.48 s of speech: 71,684 samples at 16 kHz, 112 frames, as through ffmpeg (Mp3DecoderTests).
        Assert.Contains("112 frames", mp3.Output);
        Assert.Equal(112 + 1, File.ReadLines(keypoints).Count());
    }

    private string[] Arguments(string speech, string output) =>
        ["generate", "--image", _image, "--no-crop", "--audio", speech, "--out", output, "--weights", "test", "--steps", "1"];

    // A 200 Hz tone under a 3 Hz syllable envelope, 16 kHz 16-bit.
    private string Speech(string name, double seconds)
    {
        var codes = Enumerable.Range(0, (int)(seconds * 16000))
            .Select(i => (long)(12000 * (0.3 + Math.Abs(Math.Sin(2 * Math.PI * 3 * i / 16000.0))) * Math.Sin(2 * Math.PI * 200 * i / 16000.0)))
            .ToArray();
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, Simple(TagPcm, 1, 16000, 16, IntegerSamples(codes, 16)));
        return path;
    }
}

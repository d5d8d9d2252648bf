using KDTalker.Model.Media;
using KDTalker.Tests.Audio;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Cli;

/// <summary>
/// `kdtalker generate` end to end on the shipped test networks, into AVI and MP4, read back with ffprobe: one
/// 512×512 frame per 40 ms of speech and the speech itself (cut to whole frames) alongside.
/// </summary>
public sealed class GenerateVideoTests : IDisposable
{
    private const int Frames = 5;
    private readonly string _directory = Directory.CreateTempSubdirectory("kdtalker-generate-").FullName;
    private readonly string _image, _speech;
    private readonly short[] _samples;

    public GenerateVideoTests()
    {
        _image = Path.Combine(_directory, "face.png");
        PngFile.Write(new RgbImage(200, 240, Enumerable.Range(0, 200 * 240 * 3).Select(i => (byte)(i * 7 % 256)).ToArray()), _image);
        _samples = Enumerable.Range(0, Frames * 640 + 123).Select(i => (short)(9000 * Math.Sin(i * 0.09))).ToArray();
        _speech = Path.Combine(_directory, "speech.wav");
        File.WriteAllBytes(_speech, WavWriter.Simple(1, 1, 16000, 16, _samples.SelectMany(BitConverter.GetBytes).ToArray()));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("avi", "mjpeg", "pcm_s16le")]
    [InlineData("mp4", "h264", "aac")]
    public void Writes_a_frame_per_40_ms_with_the_speech(string format, string videoCodec, string audioCodec)
    {
        string output = Path.Combine(_directory, "talk." + format);
        var result = Kdtalker.Run("generate", "--image", _image, "--audio", _speech, "--out", output, "--weights", "test", "--no-crop",
            "--steps", "2", "--format", format);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("frames are not a face", result.Output);

        var probe = Ffprobe.Streams(output);
        var video = Ffprobe.Stream(probe, "video");
        Assert.Equal(videoCodec, video.GetProperty("codec_name").GetString());
        Assert.Equal((512, 512), (video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32()));
        Assert.Equal(Frames.ToString(), video.GetProperty("nb_read_packets").GetString());
        Assert.Equal(audioCodec, Ffprobe.Stream(probe, "audio").GetProperty("codec_name").GetString());
        var audio = Ffprobe.DecodeAudio(output);
        if (format == "avi")
            Assert.Equal(_samples[..(Frames * 640)], audio); // PCM: sample for sample, in sync from the first frame
        else
            Assert.InRange(audio.Length, Frames * 640 - 1024, Frames * 640 + 1024); // AAC: within one 1024-sample frame
        Assert.Equal(["face.png", "speech.wav", "talk." + format], Directory.GetFiles(_directory).Select(Path.GetFileName).Order());
    }
}

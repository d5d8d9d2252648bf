using KDTalker.Model.Media;
using KDTalker.Tests.Support;
using StbImageSharp;
using Xunit;
using Xunit.Abstractions;

namespace KDTalker.Tests.Media;

/// <summary>
/// The AVI writer judged by ffprobe/ffmpeg (codecs, size, rate, frame count, durations, audio sample for sample) and by
/// our own byte-level reading (<see cref="AviReadBack"/>: RIFF layout, every index, header counts; JPEG frames decoded
/// back with StbImageSharp against the source within a stated error).
/// </summary>
public sealed class AviWriterTests(ITestOutputHelper output) : ScratchFolder
{
    [Fact]
    public async Task Ffprobe_reads_mjpeg_and_pcm_with_the_frame_count_and_durations_even_when_the_announced_count_differs()
    {
        var clip = new TestClip(64, 48, 30);
        string path = Path.Combine(Scratch, "clip.avi");
        await clip.WriteAsync(new AviWriter(path), announcedFrames: 37); // the count is a hint: headers come from what was written

        var probe = Ffprobe.Streams(path);
        output.WriteLine(probe.ToString());
        var video = Ffprobe.Stream(probe, "video");
        var sound = Ffprobe.Stream(probe, "audio");
        Assert.Equal("mjpeg", video.GetProperty("codec_name").GetString());
        Assert.Equal((64, 48), (video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32()));
        Assert.Equal("25/1", video.GetProperty("r_frame_rate").GetString());
        Assert.Equal("30", video.GetProperty("nb_frames").GetString());
        Assert.Equal("30", video.GetProperty("nb_read_packets").GetString());
        Assert.Equal("pcm_s16le", sound.GetProperty("codec_name").GetString());
        Assert.Equal("16000", sound.GetProperty("sample_rate").GetString());
        Assert.Equal(1, sound.GetProperty("channels").GetInt32());
        Assert.Equal(30 * 0.04, Seconds(video, "duration"), 1e-6);
        // ffprobe gives no duration for PCM in AVI (nor for ffmpeg's own files): its length in samples, at 1/16000 s.
        Assert.Equal("1/16000", sound.GetProperty("time_base").GetString());
        Assert.Equal((30 * 640).ToString(), sound.GetProperty("nb_frames").GetString());
        Assert.Equal(clip.Audio, Ffprobe.DecodeAudio(path));
        Assert.Equal(["clip.avi"], Directory.GetFiles(Scratch).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_512px_video_reads_back_frame_by_frame_within_the_jpeg_error_and_the_audio_bit_exact()
    {
        var clip = new TestClip(512, 512, 6);
        string path = Path.Combine(Scratch, "portrait.avi");
        await clip.WriteAsync(new AviWriter(path));

        var avi = new AviReadBack(File.ReadAllBytes(path), AviWriter.DefaultRiffLimit);
        Assert.Equal(1, avi.RiffCount);
        Assert.Equal((512, 512), avi.Size);
        Assert.Equal(40_000, avi.MicrosecondsPerFrame);
        Assert.Equal((25, 1), avi.VideoRate);
        Assert.Equal((16000, 1), avi.AudioRate);
        Assert.Equal((6, 6, 6), (avi.FramesInAvih, avi.VideoLength, avi.FramesInDmlh));
        Assert.Equal(clip.Audio.Length, avi.AudioLength);
        Assert.Equal(clip.Audio, avi.Audio);
        Assert.Equal(6, avi.VideoChunks.Count);
        for (int i = 0; i < 6; i++)
        {
            var decoded = ImageResult.FromMemory(avi.VideoChunks[i], ColorComponents.RedGreenBlue);
            Assert.Equal((512, 512), (decoded.Width, decoded.Height));
            var errors = decoded.Data.Zip(clip.Frames[i].Pixels, (a, b) => Math.Abs(a - b)).ToArray();
            double mean = errors.Average();
            int max = errors.Max();
            output.WriteLine($"frame {i}: {avi.VideoChunks[i].Length} bytes of JPEG, error mean {mean:F3} max {max} levels");
            // Quality 90, no chroma subsampling, on a smooth image: measured mean ≈ 0.5, max ≤ 6.
            Assert.True(mean < 1.5, $"frame {i}: mean JPEG error {mean:F3} levels (bound 1.5 at quality 90 on a smooth image)");
            Assert.True(max <= 16, $"frame {i}: largest JPEG error {max} levels (bound 16)");
        }
        var probe = Ffprobe.Streams(path);
        Assert.Equal("6", Ffprobe.Stream(probe, "video").GetProperty("nb_read_packets").GetString());
    }

    [Fact]
    public async Task Past_the_riff_limit_the_file_continues_in_avix_riffs_that_ffprobe_reads_in_full()
    {
        const long Limit = 40 << 10; // ~3.5 KB per 64×48 frame and its audio: several RIFFs for 40 frames
        var clip = new TestClip(64, 48, 40);
        string path = Path.Combine(Scratch, "long.avi");
        var writer = new AviWriter(path, riffLimit: Limit);
        await clip.WriteAsync(writer);

        var avi = new AviReadBack(File.ReadAllBytes(path), Limit);
        output.WriteLine($"{avi.RiffCount} RIFFs, frames per RIFF: {string.Join(", ", avi.FramesPerRiff)}");
        Assert.True(avi.RiffCount >= 3, $"expected several RIFFs, got {avi.RiffCount}");
        Assert.Equal(avi.RiffCount, writer.RiffCount);
        Assert.Equal(40, avi.FramesPerRiff.Sum());
        Assert.Equal(avi.FramesPerRiff[0], avi.FramesInAvih); // AVI 1.0 readers see the first RIFF
        Assert.Equal((40, 40), (avi.VideoLength, avi.FramesInDmlh));
        Assert.Equal(clip.Audio.Length, avi.AudioLength);
        Assert.Equal(clip.Audio, avi.Audio);

        var probe = Ffprobe.Streams(path);
        var video = Ffprobe.Stream(probe, "video");
        Assert.Equal("40", video.GetProperty("nb_read_packets").GetString());
        Assert.Equal(40 * 0.04, Seconds(video, "duration"), 1e-6);
        Assert.Equal((40 * 640).ToString(), Ffprobe.Stream(probe, "audio").GetProperty("nb_frames").GetString()); // samples: 40 × 40 ms
        Assert.Equal(clip.Audio, Ffprobe.DecodeAudio(path));

        // Seeking goes through the OpenDML indexes: ffmpeg lands on frame 35, in the last RIFF.
        var seeked = FfmpegFrames.At(path, 35 * 0.04);
        var errors = clip.Frames.Select(f => f.Pixels.Zip(seeked, (a, b) => Math.Abs(a - b)).Average()).ToList();
        output.WriteLine($"frame at 1.40 s vs source frames 33..37: {string.Join(", ", errors.Skip(33).Take(5).Select(e => e.ToString("F2")))}");
        Assert.Equal(35, errors.IndexOf(errors.Min()));
        // ffmpeg's own JPEG decode and YUV→RGB conversion add about a level to the JPEG error (measured 1.9).
        Assert.True(errors[35] < 3, $"mean error {errors[35]:F2} levels (bound 3)");
    }

    [Fact]
    public async Task A_frame_larger_than_a_riff_is_a_clear_error_and_leaves_nothing()
    {
        var clip = new TestClip(256, 256, 1);
        string path = Path.Combine(Scratch, "big.avi");
        await using (var writer = new AviWriter(path, jpegQuality: 100, riffLimit: AviWriter.MinimumRiffLimit))
        {
            await writer.OpenAsync(clip.Info());
            var error = await Assert.ThrowsAsync<IOException>(() => writer.WriteFrameAsync(clip.Frames[0], clip.AudioOf(0)).AsTask());
            Assert.Contains("does not fit in an AVI RIFF", error.Message);
            await Assert.ThrowsAsync<InvalidOperationException>(() => writer.CompleteAsync().AsTask()); // failed: refused
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(Scratch));
    }

    [Theory]
    [InlineData(0, AviWriter.DefaultRiffLimit)]
    [InlineData(101, AviWriter.DefaultRiffLimit)]
    [InlineData(90, 1000)]
    [InlineData(90, AviWriter.DefaultRiffLimit + 1)]
    public void Out_of_range_settings_are_refused_up_front(int quality, long riffLimit) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AviWriter(Path.Combine(Scratch, "x.avi"), quality, riffLimit));
}

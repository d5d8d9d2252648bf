using System.Buffers.Binary;
using System.Text;
using KDTalker.Model.Media;
using KDTalker.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace KDTalker.Tests.Media;

/// <summary>The MP4 writer (system ffmpeg) judged by ffprobe and by the file's top-level boxes; a missing or broken ffmpeg is a clear error.</summary>
public sealed class Mp4WriterTests(ITestOutputHelper output) : ScratchFolder
{
    [Fact]
    public async Task Ffprobe_reads_h264_and_aac_with_the_frame_count_and_matching_durations_and_moov_comes_first()
    {
        var clip = new TestClip(64, 48, 30);
        string path = Path.Combine(Scratch, "clip.mp4");
        await clip.WriteAsync(new FfmpegMp4Writer(path, preset: "ultrafast"));

        var probe = Ffprobe.Streams(path);
        var video = Ffprobe.Stream(probe, "video");
        var sound = Ffprobe.Stream(probe, "audio");
        output.WriteLine($"video {video.GetProperty("codec_name")} {video.GetProperty("pix_fmt")} {video.GetProperty("r_frame_rate")} " +
            $"{video.GetProperty("nb_read_packets")} packets {video.GetProperty("duration")} s; audio {sound.GetProperty("codec_name")} {sound.GetProperty("duration")} s");
        Assert.Equal("h264", video.GetProperty("codec_name").GetString());
        Assert.Equal("yuv420p", video.GetProperty("pix_fmt").GetString());
        Assert.Equal((64, 48), (video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32()));
        Assert.Equal("25/1", video.GetProperty("r_frame_rate").GetString());
        Assert.Equal("30", video.GetProperty("nb_read_packets").GetString());
        Assert.Equal("aac", sound.GetProperty("codec_name").GetString());
        Assert.Equal("16000", sound.GetProperty("sample_rate").GetString());
        double videoSeconds = Seconds(video, "duration"), audioSeconds = Seconds(sound, "duration");
        Assert.Equal(30 * 0.04, videoSeconds, 1e-6);
        Assert.True(Math.Abs(audioSeconds - videoSeconds) <= 1024.0 / 16000 + 1e-6, $"audio {audioSeconds} s vs video {videoSeconds} s (one AAC frame is 64 ms)");
        // +faststart: the index (moov) precedes the media data, so players can start before the download ends.
        var boxes = TopLevelBoxes(File.ReadAllBytes(path));
        Assert.True(boxes.IndexOf("moov") < boxes.IndexOf("mdat"), $"boxes in order: {string.Join(", ", boxes)}");
        Assert.Equal(["clip.mp4"], Directory.GetFiles(Scratch).Select(Path.GetFileName)); // no temporaries left
    }

    [Fact]
    public async Task Odd_frame_sizes_are_padded_to_even_for_yuv420p()
    {
        var clip = new TestClip(33, 17, 3);
        string path = Path.Combine(Scratch, "odd.mp4");
        await clip.WriteAsync(new FfmpegMp4Writer(path, preset: "ultrafast"));
        var video = Ffprobe.Stream(Ffprobe.Streams(path), "video");
        Assert.Equal((34, 18), (video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32()));
        Assert.Equal("3", video.GetProperty("nb_read_packets").GetString());
    }

    [Fact]
    public async Task A_missing_ffmpeg_is_a_clear_error_that_names_it()
    {
        string missing = Path.Combine(Scratch, "no-such-ffmpeg");
        await using var writer = new FfmpegMp4Writer(Path.Combine(Scratch, "clip.mp4"), missing);
        var error = await Assert.ThrowsAsync<IOException>(() => writer.OpenAsync(new TestClip(8, 8, 1).Info()).AsTask());
        Assert.Contains(missing, error.Message);
        Assert.Contains("--format avi", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Scratch));
    }

    [Fact]
    public async Task A_program_that_is_not_ffmpeg_is_refused()
    {
        string fake = Path.Combine(Scratch, "ffmpeg");
        File.WriteAllText(fake, "#!/bin/sh\necho 'not a video tool'\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Null(FfmpegLocator.Find(fake));
        await using var writer = new FfmpegMp4Writer(Path.Combine(Scratch, "clip.mp4"), fake);
        var error = await Assert.ThrowsAsync<IOException>(() => writer.OpenAsync(new TestClip(8, 8, 1).Info()).AsTask());
        Assert.Contains("does not run as ffmpeg", error.Message);
    }

    [Fact]
    public async Task Ffmpeg_failing_midway_reports_its_stderr()
    {
        // A script that answers -version like ffmpeg, then fails the encode with a message on stderr.
        string fake = Path.Combine(Scratch, "ffmpeg");
        File.WriteAllText(fake, "#!/bin/sh\nif [ \"$1\" = -version ]; then echo 'ffmpeg version 0-fake'; exit 0; fi\necho 'Unknown encoder libx264 (fake)' >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var clip = new TestClip(64, 48, 50);
        var error = await Assert.ThrowsAsync<IOException>(() => clip.WriteAsync(new FfmpegMp4Writer(Path.Combine(Scratch, "clip.mp4"), fake)));
        Assert.Contains("Unknown encoder libx264 (fake)", error.Message);
        Assert.Equal(["ffmpeg"], Directory.EnumerateFileSystemEntries(Scratch).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(-1, "medium")]
    [InlineData(52, "medium")]
    public void Out_of_range_crf_is_refused_up_front(int crf, string preset) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FfmpegMp4Writer(Path.Combine(Scratch, "x.mp4"), crf: crf, preset: preset));

    [Fact]
    public void A_preset_that_could_be_an_option_is_refused() =>
        Assert.Throws<ArgumentException>(() => new FfmpegMp4Writer(Path.Combine(Scratch, "x.mp4"), preset: "-i /etc/passwd"));

    // ISO BMFF: 32-bit size + type; size 1 means a 64-bit size follows.
    private static List<string> TopLevelBoxes(byte[] file)
    {
        var boxes = new List<string>();
        for (long at = 0; at + 8 <= file.Length;)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan((int)at));
            boxes.Add(Encoding.ASCII.GetString(file, (int)at + 4, 4));
            if (size == 1)
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(file.AsSpan((int)at + 8));
            Assert.True(size >= 8, $"box at {at} has size {size}");
            at += size;
        }
        return boxes;
    }
}

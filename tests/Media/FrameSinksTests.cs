using KDTalker.Model.Media;
using Xunit;

namespace KDTalker.Tests.Media;

/// <summary>The factory, the default format, the ffmpeg locator and the callback sink.</summary>
public sealed class FrameSinksTests : ScratchFolder
{
    [Fact]
    public async Task Each_format_gets_its_sink_with_the_options()
    {
        await using var avi = FrameSinks.Create(VideoFormat.Avi, Path.Combine(Scratch, "a.avi"), new FrameSinkOptions { AviRiffLimit = AviWriter.MinimumRiffLimit });
        await using var mp4 = FrameSinks.Create(VideoFormat.Mp4, Path.Combine(Scratch, "a.mp4"));
        await using var png = FrameSinks.Create(VideoFormat.Png, Path.Combine(Scratch, "a"));
        Assert.IsType<AviWriter>(avi);
        Assert.IsType<FfmpegMp4Writer>(mp4);
        Assert.IsType<PngSequenceSink>(png);
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameSinks.Create(VideoFormat.Avi, Path.Combine(Scratch, "b.avi"), new FrameSinkOptions { JpegQuality = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameSinks.Create((VideoFormat)7, Path.Combine(Scratch, "c")));
    }

    [Fact]
    public void The_default_is_mp4_when_ffmpeg_runs_and_avi_otherwise()
    {
        // The tests need a system ffmpeg (CI installs it), so PATH has one; a path that is not there means AVI.
        Assert.Equal(VideoFormat.Mp4, FrameSinks.DefaultFormat());
        Assert.Equal(VideoFormat.Avi, FrameSinks.DefaultFormat(Path.Combine(Scratch, "no-ffmpeg-here")));
        Assert.Equal(VideoFormat.Avi, FrameSinks.DefaultFormat("kdtalker-no-such-program"));
    }

    [Fact]
    public void The_locator_finds_an_ffmpeg_on_path_that_answers_version()
    {
        string? ffmpeg = FfmpegLocator.Find();
        Assert.NotNull(ffmpeg);
        Assert.True(Path.IsPathFullyQualified(ffmpeg), ffmpeg);
        Assert.StartsWith("ffmpeg version", FfmpegLocator.Version(ffmpeg));
        Assert.Equal(ffmpeg, FfmpegLocator.Require("ffmpeg"));
        Assert.Null(FfmpegLocator.Version(Path.Combine(Scratch, "missing")));
        var error = Assert.Throws<IOException>(() => FfmpegLocator.Require("kdtalker-no-such-program"));
        Assert.Contains("not found on PATH", error.Message);
    }

    [Fact]
    public async Task The_callback_sink_hands_over_every_frame_and_its_audio_in_order()
    {
        var clip = new TestClip(16, 8, 5);
        var seen = new List<(byte[] Pixels, short[] Audio)>();
        VideoStreamInfo? opened = null;
        bool completed = false;
        var sink = new CallbackFrameSink(
            (frame, audio, _) => { seen.Add((frame.Pixels.ToArray(), audio.ToArray())); return ValueTask.CompletedTask; },
            (info, _) => { opened = info; return ValueTask.CompletedTask; },
            _ => { completed = true; return ValueTask.CompletedTask; });
        await clip.WriteAsync(sink);
        Assert.Equal(clip.Info(), opened);
        Assert.True(completed);
        Assert.Equal(clip.Frames.Select(f => f.Pixels), seen.Select(s => s.Pixels));
        Assert.Equal(clip.Audio, seen.SelectMany(s => s.Audio));

        int frames = 0;
        await new TestClip(16, 8, 3).WriteAsync(new CallbackFrameSink((_, _) => frames++));
        Assert.Equal(3, frames);
    }
}

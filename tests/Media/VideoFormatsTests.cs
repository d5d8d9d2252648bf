using KDTalker.Model.Media;
using Xunit;

namespace KDTalker.Tests.Media;

public sealed class VideoFormatsTests
{
    [Theory]
    [InlineData("talk.avi", VideoFormat.Avi)]
    [InlineData("out/TALK.AVI", VideoFormat.Avi)]
    [InlineData("talk.mp4", VideoFormat.Mp4)]
    [InlineData("frames", VideoFormat.Png)]
    [InlineData("frames/", VideoFormat.Png)]
    public void The_extension_decides_the_format(string path, VideoFormat expected) =>
        Assert.Equal(expected, VideoFormats.For(path));

    [Theory]
    [InlineData("talk.avi", VideoFormat.Avi)]
    [InlineData("talk.mp4", VideoFormat.Mp4)]
    [InlineData("talk", VideoFormat.Avi)]
    [InlineData("talk.mkv", VideoFormat.Mp4)]
    public void A_requested_format_that_does_not_contradict_the_extension_is_taken(string path, VideoFormat requested) =>
        Assert.Equal(requested, VideoFormats.For(path, requested));

    [Theory]
    [InlineData("talk.avi", VideoFormat.Mp4, ".avi, which is AVI, but MP4 was asked for")]
    [InlineData("talk.mp4", VideoFormat.Avi, ".mp4, which is MP4, but AVI was asked for")]
    [InlineData("talk.mp4", VideoFormat.Png, "but a folder of PNG frames was asked for")]
    public void A_clash_between_the_extension_and_the_format_is_an_error(string path, VideoFormat requested, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => VideoFormats.For(path, requested));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void An_unknown_extension_without_a_format_is_an_error_that_lists_the_choices()
    {
        var error = Assert.Throws<ArgumentException>(() => VideoFormats.For("talk.mov"));
        Assert.Contains("cannot tell the video format from the extension .mov", error.Message);
        Assert.Contains(".avi", error.Message);
        Assert.Contains(".mp4", error.Message);
        Assert.Contains("PNG", error.Message);
    }
}

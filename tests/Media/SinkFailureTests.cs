using KDTalker.Model.Media;
using Xunit;

namespace KDTalker.Tests.Media;

/// <summary>
/// What every file-writing sink promises when things go wrong: cancellation or an error midway leaves nothing behind
/// (the temporary output is deleted when the sink is disposed), a missing or unwritable output folder is a clear error
/// that names it, and calls out of order are refused.
/// </summary>
public sealed class SinkFailureTests : ScratchFolder
{
    public static TheoryData<VideoFormat> Formats => [VideoFormat.Avi, VideoFormat.Mp4, VideoFormat.Png];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Cancellation_midway_leaves_nothing_behind(VideoFormat format)
    {
        var clip = new TestClip(64, 48, 6);
        using var cancellation = new CancellationTokenSource();
        await using (var sink = Create(format, "cancelled"))
        {
            await sink.OpenAsync(clip.Info(), cancellation.Token);
            for (int i = 0; i < 3; i++)
                await sink.WriteFrameAsync(clip.Frames[i], clip.AudioOf(i), cancellation.Token);
            Assert.NotEmpty(Directory.EnumerateFileSystemEntries(Scratch)); // the temporary output exists meanwhile
            cancellation.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sink.WriteFrameAsync(clip.Frames[3], clip.AudioOf(3), cancellation.Token).AsTask());
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sink.CompleteAsync(cancellation.Token).AsTask());
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(Scratch));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task An_error_midway_leaves_nothing_behind(VideoFormat format)
    {
        var clip = new TestClip(64, 48, 3);
        await using (var sink = Create(format, "failed"))
        {
            await sink.OpenAsync(clip.Info());
            await sink.WriteFrameAsync(clip.Frames[0], clip.AudioOf(0));
            var error = await Assert.ThrowsAsync<ArgumentException>(() => sink.WriteFrameAsync(new RgbImage(32, 48), clip.AudioOf(1)).AsTask());
            Assert.Contains("32×48", error.Message);
            Assert.Contains("64×48", error.Message);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(Scratch));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_missing_output_folder_is_a_clear_error(VideoFormat format)
    {
        string missing = Path.Combine(Scratch, "missing");
        await using var sink = FrameSinks.Create(format, Path.Combine(missing, "out" + FrameSinks.Extension(format)));
        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => sink.OpenAsync(new TestClip(8, 8, 1).Info()).AsTask());
        Assert.Contains(missing, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public async Task A_file_in_place_of_the_output_folder_is_a_clear_error()
    {
        string file = Path.Combine(Scratch, "not-a-folder");
        File.WriteAllText(file, "");
        await using var sink = new AviWriter(Path.Combine(file, "out.avi"));
        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => sink.OpenAsync(new TestClip(8, 8, 1).Info()).AsTask());
        Assert.Contains("is a file", error.Message);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task An_unwritable_output_folder_is_a_clear_error(VideoFormat format)
    {
        string folder = UnwritableFolder();
        await using var sink = FrameSinks.Create(format, Path.Combine(folder, "kdtalker-test-out" + FrameSinks.Extension(format)));
        var error = await Assert.ThrowsAsync<IOException>(() => sink.OpenAsync(new TestClip(8, 8, 1).Info()).AsTask());
        Assert.Contains($"output folder {folder}", error.Message);
        Assert.False(File.Exists(Path.Combine(folder, "kdtalker-test-out" + FrameSinks.Extension(format))));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Calls_out_of_order_are_refused(VideoFormat format)
    {
        var clip = new TestClip(8, 8, 1);
        await using (var sink = Create(format, "order"))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => sink.WriteFrameAsync(clip.Frames[0], clip.AudioOf(0)).AsTask());
            await sink.OpenAsync(clip.Info());
            await Assert.ThrowsAsync<InvalidOperationException>(() => sink.OpenAsync(clip.Info()).AsTask());
            var empty = await Assert.ThrowsAsync<InvalidOperationException>(() => sink.CompleteAsync().AsTask());
            Assert.Contains("no frames", empty.Message);
            await sink.WriteFrameAsync(clip.Frames[0], clip.AudioOf(0));
            await sink.CompleteAsync();
            await Assert.ThrowsAsync<InvalidOperationException>(() => sink.WriteFrameAsync(clip.Frames[0], clip.AudioOf(0)).AsTask());
        }
        Assert.Single(Directory.EnumerateFileSystemEntries(Scratch)); // the completed output stays
    }

    private IFrameSink Create(VideoFormat format, string name) =>
        FrameSinks.Create(format, Path.Combine(Scratch, name + FrameSinks.Extension(format)), new FrameSinkOptions { X264Preset = "ultrafast" });

    // A folder this process cannot create files in: a read-only folder, or — for root, whom permission bits do not
    // stop — sysfs, which refuses new files to everyone.
    private string UnwritableFolder()
    {
        string folder = Directory.CreateDirectory(Path.Combine(Scratch, "read-only")).FullName;
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("this test makes a read-only folder with Unix permissions");
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        string probe = Path.Combine(folder, "probe");
        try
        {
            File.WriteAllText(probe, "");
            File.Delete(probe);
            Assert.True(Directory.Exists("/sys/kernel"), "running as root: needs Linux sysfs for a folder that refuses writes");
            return "/sys";
        }
        catch (UnauthorizedAccessException)
        {
            return folder;
        }
    }
}

using System.Diagnostics;
using KDTalker.Model.Audio;
using KDTalker.Model.Media;
using Xunit;

namespace KDTalker.Tests.Media;

/// <summary>Temporaries of a process that is gone (killed before it could clean up) are removed by the next writer.</summary>
public sealed class StaleTemporariesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kdtalker-stale-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // The id of a process that has just exited.
    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    [Fact]
    public void Partial_outputs_of_a_dead_process_are_removed_and_live_ones_kept()
    {
        int dead = DeadProcessId();
        string output = Path.Combine(_directory, "talk.avi");
        string stale = output + ".partial-" + dead, staleVideo = output + ".partial-" + dead + ".video.mp4";
        string live = output + ".partial-" + Environment.ProcessId, other = Path.Combine(_directory, "other.avi.partial-" + dead);
        string staleFolder = Path.Combine(_directory, "frames.partial-" + dead);
        foreach (string file in new[] { stale, staleVideo, live, other })
            File.WriteAllText(file, "x");
        Directory.CreateDirectory(staleFolder);
        File.WriteAllText(Path.Combine(staleFolder, "frame_00000.png"), "x");

        StaleTemporaries.CleanBeside(output);
        StaleTemporaries.CleanBeside(Path.Combine(_directory, "frames"));

        Assert.False(File.Exists(stale));
        Assert.False(File.Exists(staleVideo));
        Assert.False(Directory.Exists(staleFolder));
        Assert.True(File.Exists(live), "this process's own temporary is still in use");
        Assert.True(File.Exists(other), "another output's temporaries are left to that output");
    }

    [Fact]
    public void A_new_audio_track_removes_the_decoded_audio_of_a_dead_process()
    {
        string stale = Path.Combine(Path.GetTempPath(), $"kdtalker-audio-{DeadProcessId()}-{Guid.NewGuid():N}.f32");
        File.WriteAllBytes(stale, new byte[64]);
        using var track = new AudioTrack(16000);
        Assert.False(File.Exists(stale));
    }

    [Fact]
    public void This_process_and_running_ones_are_not_gone()
    {
        Assert.False(StaleTemporaries.IsGone(Environment.ProcessId));
        Assert.False(StaleTemporaries.IsGone(1));
        Assert.True(StaleTemporaries.IsGone(DeadProcessId()));
    }
}

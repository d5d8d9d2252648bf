using KDTalker.Web.Jobs;
using Xunit;

namespace KDTalker.Tests.Web;

/// <summary>Jobs across a restart of the service on the same data folder: records stay consistent with the files.</summary>
[Collection(WebServiceCollection.Name)]
public sealed class RestartTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("kdtalker-web-restart-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task A_finished_job_is_still_listed_and_downloadable_after_a_restart()
    {
        string id;
        byte[] video;
        await using (var first = await ServiceHost.StartAsync(dataFolder: _data))
        {
            using var client = first.Client();
            var job = await ServiceHost.SubmitOkAsync(client, Inputs.Portrait, Inputs.Speech(2), ("noCrop", "true"), ("steps", "1"));
            var done = await ServiceHost.WaitAsync(client, job.Id, ServiceHost.Ended);
            Assert.Equal("succeeded", done.State);
            id = job.Id;
            video = await client.GetByteArrayAsync(done.Files["video"]);
        }
        await using var second = await ServiceHost.StartAsync(dataFolder: _data);
        using var again = second.Client();
        var after = await ServiceHost.GetAsync(again, id);
        Assert.Equal("succeeded", after.State);
        Assert.Equal(2, after.FramesDone);
        Assert.Equal(video, await again.GetByteArrayAsync(after.Files["video"]));
    }

    [Fact]
    public async Task A_job_rendering_when_the_service_stops_resumes_after_the_restart_and_its_video_is_the_uninterrupted_one()
    {
        const int frames = 30;
        (string, string)[] settings = [("noCrop", "true"), ("steps", "1"), ("seed", "3")];
        byte[] reference;
        await using (var plain = await ServiceHost.StartAsync())
        {
            using var client = plain.Client();
            var job = await ServiceHost.SubmitOkAsync(client, Inputs.Portrait, Inputs.Speech(frames), settings);
            var done = await ServiceHost.WaitAsync(client, job.Id, ServiceHost.Ended);
            Assert.Equal("succeeded", done.State);
            reference = await client.GetByteArrayAsync(done.Files["video"]);
        }

        string id;
        await using (var first = await ServiceHost.StartAsync(dataFolder: _data))
        {
            using var client = first.Client();
            var job = await ServiceHost.SubmitOkAsync(client, Inputs.Portrait, Inputs.Speech(frames), settings);
            await ServiceHost.WaitAsync(client, job.Id, j => j is { Stage: "rendering", FramesDone: >= 3 });
            id = job.Id;
        } // stopped mid-render
        var stored = new SqliteJobStore(Path.Combine(_data, "jobs.db")).Get(id)!;
        Assert.Equal(JobState.Queued, stored.State);
        string folder = Path.Combine(_data, "files", id);
        Assert.Equal(["photo.png", "speech.wav"], Directory.GetFiles(folder).Select(Path.GetFileName).Order()); // the partial video is gone
        int journaled = Directory.GetFiles(Path.Combine(folder, "journal"), "*.png").Length;
        Assert.InRange(journaled, 3, frames - 1);

        await using var second = await ServiceHost.StartAsync(dataFolder: _data);
        using var again = second.Client();
        var after = await ServiceHost.WaitAsync(again, id, ServiceHost.Ended);
        Assert.Equal("succeeded", after.State);
        Assert.Equal(frames, after.FramesDone);
        Assert.Equal(reference, await again.GetByteArrayAsync(after.Files["video"]));
        var resumed = Assert.Single(second.Log.Lines, line => line.StartsWith($"job {id} resumed", StringComparison.Ordinal));
        Assert.Equal($"job {id} resumed: {journaled} frames came from before the restart", resumed);
        Assert.False(Directory.Exists(Path.Combine(folder, "journal")));
    }

    [Fact]
    public async Task After_a_crash_a_running_record_is_rendered_again_ahead_of_the_queued_one()
    {
        // The state a killed service leaves: one record still "running" with a partial video, one still queued.
        var store = new SqliteJobStore(Path.Combine(_data, "jobs.db"));
        var folders = new JobFolders(_data);
        string crashed = JobFolders.NewId(), queued = JobFolders.NewId();
        foreach (var (id, frames) in new[] { (crashed, 6), (queued, 2) })
        {
            Directory.CreateDirectory(folders.Folder(id));
            await File.WriteAllBytesAsync(folders.File(id, "photo.png"), Inputs.Portrait);
            await File.WriteAllBytesAsync(folders.File(id, "speech.wav"), Inputs.Speech(frames));
        }
        await File.WriteAllBytesAsync(folders.File(crashed, "video.mp4.partial-999999"), new byte[1000]);
        var settings = new JobSettings { NoCrop = true, Steps = 1 };
        store.Add(new JobRecord(queued, JobState.Queued, settings, "photo.png", "speech.wav", "b.png", "b.wav", DateTimeOffset.UtcNow.AddMinutes(-3)));
        store.Add(new JobRecord(crashed, JobState.Running, settings, "photo.png", "speech.wav", "a.png", "a.wav", DateTimeOffset.UtcNow.AddMinutes(-2))
        { StartedAt = DateTimeOffset.UtcNow.AddMinutes(-1), FramesDone = 5, Frames = 6 });

        await using var second = await ServiceHost.StartAsync(dataFolder: _data);
        using var again = second.Client();
        var resumed = await ServiceHost.WaitAsync(again, crashed, ServiceHost.Ended);
        Assert.Equal("succeeded", resumed.State);
        Assert.Equal(6, resumed.FramesDone);
        Assert.DoesNotContain(Directory.GetFiles(folders.Folder(crashed)), f => f.Contains(".partial", StringComparison.Ordinal));
        var next = await ServiceHost.WaitAsync(again, queued, ServiceHost.Ended);
        Assert.Equal("succeeded", next.State);
        Assert.True(store.Get(crashed)!.FinishedAt <= store.Get(queued)!.StartedAt, "the job that was running goes first");
    }
}

using System.Net;
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
    public async Task A_job_rendering_when_the_service_stops_is_interrupted_with_its_outputs_deleted_and_inputs_kept()
    {
        string id;
        await using (var first = await ServiceHost.StartAsync(dataFolder: _data))
        {
            using var client = first.Client();
            var job = await ServiceHost.SubmitOkAsync(client, Inputs.Portrait, Inputs.Speech(100), ("noCrop", "true"), ("steps", "1"));
            await ServiceHost.WaitAsync(client, job.Id, j => j.FramesDone >= 1);
            id = job.Id;
        }
        var store = new SqliteJobStore(Path.Combine(_data, "jobs.db"));
        var stored = store.Get(id)!;
        Assert.Equal(JobState.Interrupted, stored.State);
        Assert.InRange(stored.FramesDone, 1, 99);
        Assert.NotNull(stored.FinishedAt);
        string folder = Path.Combine(_data, "files", id);
        Assert.Equal(["photo.png", "speech.wav"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());

        await using var second = await ServiceHost.StartAsync(dataFolder: _data);
        using var again = second.Client();
        var after = await ServiceHost.GetAsync(again, id);
        Assert.Equal("interrupted", after.State);
        Assert.Contains("stopped while this job was rendering", after.Error);
        using var download = await again.GetAsync($"/api/jobs/{id}/files/video");
        Assert.Equal(HttpStatusCode.Conflict, download.StatusCode);
    }

    [Fact]
    public async Task After_a_crash_a_running_record_is_marked_interrupted_and_a_queued_one_is_rendered()
    {
        // The state a killed service leaves: one record still "running" with a partial video, one still queued.
        var store = new SqliteJobStore(Path.Combine(_data, "jobs.db"));
        var folders = new JobFolders(_data);
        string crashed = JobFolders.NewId(), queued = JobFolders.NewId();
        foreach (var (id, frames) in new[] { (crashed, 100), (queued, 2) })
        {
            Directory.CreateDirectory(folders.Folder(id));
            await File.WriteAllBytesAsync(folders.File(id, "photo.png"), Inputs.Portrait);
            await File.WriteAllBytesAsync(folders.File(id, "speech.wav"), Inputs.Speech(frames));
        }
        await File.WriteAllBytesAsync(folders.File(crashed, "video.mp4.partial"), new byte[1000]);
        var settings = new JobSettings { NoCrop = true, Steps = 1 };
        store.Add(new JobRecord(crashed, JobState.Running, settings, "photo.png", "speech.wav", "a.png", "a.wav", DateTimeOffset.UtcNow.AddMinutes(-2))
        { StartedAt = DateTimeOffset.UtcNow.AddMinutes(-1), FramesDone = 5, Frames = 100 });
        store.Add(new JobRecord(queued, JobState.Queued, settings, "photo.png", "speech.wav", "b.png", "b.wav", DateTimeOffset.UtcNow.AddMinutes(-1)));

        await using var second = await ServiceHost.StartAsync(dataFolder: _data);
        using var again = second.Client();
        var interrupted = await ServiceHost.GetAsync(again, crashed);
        Assert.Equal("interrupted", interrupted.State);
        Assert.Equal(5, interrupted.FramesDone);
        Assert.Equal(["photo.png", "speech.wav"], Directory.GetFiles(folders.Folder(crashed)).Select(Path.GetFileName).Order());
        var resumed = await ServiceHost.WaitAsync(again, queued, ServiceHost.Ended);
        Assert.Equal("succeeded", resumed.State);
        Assert.Equal(2, resumed.FramesDone);
    }
}

using System.Net;
using System.Text.Json;
using KDTalker.Tests.Support;
using KDTalker.Web.Api;
using Xunit;

namespace KDTalker.Tests.Web;

/// <summary>A job through the HTTP API on the test networks: submit, progress stream, files; cancel mid-way.</summary>
[Collection(WebServiceCollection.Name)]
public sealed class JobLifecycleTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await ServiceHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_job_streams_its_progress_and_serves_a_video_with_one_frame_per_40_ms_and_its_keypoints()
    {
        const int frames = 4;
        using var client = _host.Client();
        var job = await ServiceHost.SubmitOkAsync(client, Inputs.Portrait, Inputs.Speech(frames), ("noCrop", "true"), ("steps", "2"), ("seed", "7"));
        Assert.Equal("queued", job.State);
        Assert.Matches("^[a-z2-7]{26}$", job.Id);

        // The progress stream: every event a JobView, frames counting up, the last one final.
        using var response = await client.GetAsync($"/api/jobs/{job.Id}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<JobView>();
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync()))
            while (await reader.ReadLineAsync() is { } line)
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                    events.Add(JsonSerializer.Deserialize<JobView>(line["data: ".Length..], ServiceHost.Json)!);
        var last = events[^1];
        Assert.Equal("succeeded", last.State);
        Assert.Equal(frames, last.FramesDone);
        Assert.Contains(events, e => e.State == "running" && e.Stage == "rendering" && e.FramesDone > 0 && e.FramesDone < frames);
        var rendered = events.Where(e => e.Stage == "rendering").Select(e => e.FramesDone).ToList();
        Assert.Equal(rendered.Order(), rendered);

        // The video (read back by ffprobe, the independent judge): 4 frames, 160 ms of audio.
        string video = Path.Combine(_host.DataFolder, "download" + (last.VideoType == "video/mp4" ? ".mp4" : ".avi"));
        await File.WriteAllBytesAsync(video, await client.GetByteArrayAsync(last.Files["video"]));
        var probe = Ffprobe.Streams(video);
        Assert.Equal(frames.ToString(), Ffprobe.Stream(probe, "video").GetProperty("nb_read_packets").GetString());
        Assert.Equal(512, Ffprobe.Stream(probe, "video").GetProperty("width").GetInt32());

        using var keypoints = JsonDocument.Parse(await client.GetStringAsync(last.Files["keypoints.json"]));
        Assert.Equal(frames, keypoints.RootElement.GetProperty("frames").GetArrayLength());
        string csv = await client.GetStringAsync(last.Files["keypoints.csv"]);
        Assert.Equal(frames + 1, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        byte[] plot = await client.GetByteArrayAsync(last.Files["pose.png"]);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, plot[..4]);

        var listed = JsonSerializer.Deserialize<List<JobView>>(await client.GetStringAsync("/api/jobs"), ServiceHost.Json)!;
        Assert.Contains(listed, j => j.Id == job.Id && j.State == "succeeded");
    }

    [Fact]
    public async Task Cancelling_a_running_job_stops_it_between_frames_and_deletes_its_files()
    {
        const int frames = 100;
        using var client = _host.Client();
        var job = await ServiceHost.SubmitOkAsync(client, Inputs.Portrait, Inputs.Speech(frames), ("noCrop", "true"), ("steps", "1"));
        await ServiceHost.WaitAsync(client, job.Id, j => j.FramesDone >= 1);
        string folder = Path.Combine(_host.DataFolder, "files", job.Id);
        Assert.Contains(Directory.GetFiles(folder), f => f.EndsWith(".partial", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("video", StringComparison.Ordinal));

        using var cancel = await client.PostAsync($"/api/jobs/{job.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var ended = await ServiceHost.WaitAsync(client, job.Id, ServiceHost.Ended);
        Assert.Equal("cancelled", ended.State);
        Assert.InRange(ended.FramesDone, 1, frames - 1);
        Assert.False(Directory.Exists(folder));
        Assert.Empty(ended.Files);
        using var download = await client.GetAsync($"/api/jobs/{job.Id}/files/video");
        Assert.Equal(HttpStatusCode.Conflict, download.StatusCode);

        // Cancelling again is refused with a message, as JSON.
        using var again = await client.PostAsync($"/api/jobs/{job.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("only a queued or running job", (await again.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_queued_job_waits_for_the_running_one_and_cancelling_it_ends_it_at_once()
    {
        using var client = _host.Client();
        var running = await ServiceHost.SubmitOkAsync(client, Inputs.Portrait, Inputs.Speech(100), ("noCrop", "true"), ("steps", "1"));
        var waiting = await ServiceHost.SubmitOkAsync(client, Inputs.Portrait, Inputs.Speech(3), ("noCrop", "true"), ("steps", "1"));
        await ServiceHost.WaitAsync(client, running.Id, j => j.FramesDone >= 1);
        Assert.Equal("queued", (await ServiceHost.GetAsync(client, waiting.Id)).State);

        using var cancel = await client.PostAsync($"/api/jobs/{waiting.Id}/cancel", null);
        var cancelled = JsonSerializer.Deserialize<JobView>(await cancel.Content.ReadAsStringAsync(), ServiceHost.Json)!;
        Assert.Equal("cancelled", cancelled.State);
        Assert.Equal(0, cancelled.FramesDone);
        Assert.Equal("running", (await ServiceHost.GetAsync(client, running.Id)).State);
        using var stop = await client.PostAsync($"/api/jobs/{running.Id}/cancel", null);
        Assert.Equal("cancelled", (await ServiceHost.WaitAsync(client, running.Id, ServiceHost.Ended)).State);
    }
}

using KDTalker.Model.Audio;
using KDTalker.Model.Media;
using KDTalker.Model.Pipeline;
using KDTalker.Tests.Web;
using Xunit;

namespace KDTalker.Tests.Farm;

/// <summary>
/// `kdtalker serve --cluster` as the farm's coordinator, in its own process with two workers: a job's video is the
/// one-process render's, byte for byte, through a kill -9 of the coordinator mid-job and its restart (the job
/// resumes from the frames rendered before).
/// </summary>
[Collection(FarmCollection.Name)]
public sealed class FarmServiceTests(FarmSetup setup) : IDisposable
{
    private const int Frames = 20;
    private static readonly TimeSpan Job = TimeSpan.FromMinutes(10), Start = TimeSpan.FromMinutes(3); // bounds against a hang, not timings
    private static readonly (string, string)[] Settings = [("noCrop", "true"), ("steps", "2"), ("seed", "11")];
    private readonly string _folder = Directory.CreateTempSubdirectory("kdtalker-farm-serve-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_coordinator_killed_mid_job_resumes_after_its_restart_and_the_video_is_the_one_process_render()
    {
        string cluster = setup.Redis.Cluster("serve"), data = Path.Combine(_folder, "data");
        byte[] speech = Inputs.Speech(Frames);
        var reference = Reference(speech);
        using var w1 = Worker(cluster, "s1");
        using var w2 = Worker(cluster, "s2");
        w1.WaitForLine("joined", Start);
        w2.WaitForLine("joined", Start);

        string id;
        int journaled;
        using (var first = Serve(cluster, data, out var client))
        {
            using (client)
            {
                id = (await ServiceHost.SubmitOkAsync(client, Inputs.Portrait, speech, Settings)).Id;
                await ServiceHost.WaitAsync(client, id, j => j is { Stage: "rendering", FramesDone: >= 3 }, Job);
            }
            first.Kill(); // SIGKILL: no chance to store anything more
            first.WaitForExit(Start);
            Assert.Contains("worker s1 joined", first.Output);
            journaled = Directory.GetFiles(Path.Combine(data, "files", id, "journal"), "*.png").Length;
            Assert.InRange(journaled, 3, Frames - 1);
        }

        using var second = Serve(cluster, data, out var again);
        using (again)
        {
            var done = await ServiceHost.WaitAsync(again, id, ServiceHost.Ended, Job);
            Assert.True(done.State == "succeeded", $"{done.State}: {done.Error}\n{second.Output}");
            Assert.Equal(reference, await again.GetByteArrayAsync(done.Files["video"]));
        }
        // The restart reused what the journal held when the first coordinator died (and maybe a frame it wrote as it died).
        var resumed = System.Text.RegularExpressions.Regex.Match(second.Output, $"job {id} resumed: (\\d+) frames came from before the restart");
        Assert.True(resumed.Success, second.Output);
        Assert.InRange(int.Parse(resumed.Groups[1].Value), journaled, Frames - 1);
    }

    private static KdtalkerProcess Worker(string cluster, string name) =>
        new("worker", "--cluster", cluster, "--weights", "test", "--threads", "1", "--name", name, "--port", RedisServer.FreePort().ToString(),
            "--gateway-port", RedisServer.FreePort().ToString());

    // The coordinating service on a free port, ready when this returns.
    private static KdtalkerProcess Serve(string cluster, string data, out HttpClient client)
    {
        int port = RedisServer.FreePort();
        var serve = new KdtalkerProcess("serve", "--cluster", cluster, "--range-frames", "2", "--weights", "test", "--data", data, "--port",
            port.ToString(), "--threads", "1");
        serve.WaitForLine("serving on", Start);
        client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        return serve;
    }

    // The one-process render of the same job, in the service's video format, by the engine directly.
    private byte[] Reference(byte[] speechBytes)
    {
        string image = Path.Combine(_folder, "portrait.png"), audio = Path.Combine(_folder, "speech.wav");
        File.WriteAllBytes(image, Inputs.Portrait);
        File.WriteAllBytes(audio, speechBytes);
        var format = FrameSinks.DefaultFormat();
        string video = Path.Combine(_folder, "reference" + FrameSinks.Extension(format));
        using var backend = new KDTalker.Kernels.Cpu.CpuBackend();
        using var talker = Talker.Load(TalkerModels.TestWeightsName, backend);
        var portrait = PortraitPreparation.Prepare(ImageFile.Load(image), null, new PortraitOptions { NoCrop = true }, image);
        using var speech = new AudioLoader().Open(audio);
        var sink = FrameSinks.Create(format, video);
        talker.GenerateAsync(portrait, speech, sink, new GenerationOptions { Steps = 2, Seed = 11 }).GetAwaiter().GetResult();
        sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return File.ReadAllBytes(video);
    }
}

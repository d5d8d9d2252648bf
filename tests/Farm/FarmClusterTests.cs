using System.Security.Cryptography;
using KDTalker.Model.Audio;
using KDTalker.Model.Media;
using KDTalker.Model.Pipeline;
using KDTalker.Tests.Audio;
using Xunit;

namespace KDTalker.Tests.Farm;

/// <summary>
/// A real farm on this machine: a private redis-server, `kdtalker worker` processes on the test networks (1 thread
/// each) and `kdtalker generate --cluster` as the coordinator. The video it writes (PNG frames + WAV) must be the
/// one-process render's, file for file, through a worker killed mid-job and through a time with no worker at all.
/// </summary>
public sealed class FarmClusterTests : IClassFixture<FarmClusterTests.Setup>
{
    private const int Frames = 10;
    private static readonly TimeSpan Job = TimeSpan.FromMinutes(10), Start = TimeSpan.FromMinutes(3); // bounds against a hang, not timings
    private readonly Setup _setup;

    public FarmClusterTests(Setup setup) => _setup = setup;

    [Fact]
    public void Three_workers_render_the_one_process_video()
    {
        string cluster = _setup.Redis.Cluster("three");
        using var workers = new Workers(cluster, "w1", "w2", "w3");
        using var coordinator = Coordinate(cluster, "three");

        Assert.Equal(0, coordinator.WaitForExit(Job));
        Assert.Equal(_setup.Reference, Hashes(Path.Combine(_setup.Folder, "three")));
        Assert.Contains("frames/s", coordinator.Output);
    }

    [Fact]
    public void A_worker_killed_mid_job_loses_its_range_to_the_others_and_the_video_is_the_same()
    {
        string cluster = _setup.Redis.Cluster("kill");
        using var workers = new Workers(cluster, "k1", "k2", "k3");
        using var coordinator = Coordinate(cluster, "kill");
        workers["k2"].WaitForLine("rendering frames", Job);
        workers["k2"].Kill(); // SIGKILL, mid-range

        Assert.Equal(0, coordinator.WaitForExit(Job));
        Assert.Equal(_setup.Reference, Hashes(Path.Combine(_setup.Folder, "kill")));
        // The coordinator saw k2 go, by its stream failing or by the membership, and moved its frames.
        Assert.Matches(@"(k2 failed on frames|worker k2 left the cluster)[^\n]*go to another worker", coordinator.Output);
    }

    [Fact]
    public void With_every_worker_stopped_the_job_waits_and_says_so_then_finishes_when_one_returns()
    {
        string cluster = _setup.Redis.Cluster("return");
        using var first = new Workers(cluster, "r1");
        using var coordinator = Coordinate(cluster, "return");
        first["r1"].WaitForLine("rendering frames", Job);
        first["r1"].Terminate();
        Assert.Equal(0, first["r1"].WaitForExit(Start));

        coordinator.WaitForLine("no worker in the cluster: the job waits", Job);
        Assert.False(coordinator.HasExited);
        using var second = new Workers(cluster, "r2");

        Assert.Equal(0, coordinator.WaitForExit(Job));
        Assert.Contains("worker r2 joined", coordinator.Output);
        Assert.Contains("the job resumes", coordinator.Output);
        Assert.Equal(_setup.Reference, Hashes(Path.Combine(_setup.Folder, "return")));
    }

    private KdtalkerProcess Coordinate(string cluster, string output) =>
        new("generate", "--image", _setup.Image, "--audio", _setup.Speech, "--no-crop", "--weights", "test", "--steps", "2", "--seed", "5",
            "--format", "png", "--out", Path.Combine(_setup.Folder, output), "--cluster", cluster, "--range-frames", "2", "--threads", "1");

    private static List<string> Hashes(string folder) =>
        Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => $"{Path.GetFileName(f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}").ToList();

    /// <summary>Worker processes on free ports, started together and ready (joined) when the constructor returns.</summary>
    private sealed class Workers : IDisposable
    {
        private readonly Dictionary<string, KdtalkerProcess> _processes = [];

        public Workers(string cluster, params string[] names)
        {
            foreach (string name in names)
                _processes[name] = new KdtalkerProcess("worker", "--cluster", cluster, "--weights", "test", "--threads", "1", "--name", name,
                    "--port", RedisServer.FreePort().ToString(), "--gateway-port", RedisServer.FreePort().ToString());
            foreach (var process in _processes.Values)
                process.WaitForLine("joined", Start);
        }

        public KdtalkerProcess this[string name] => _processes[name];

        public void Dispose()
        {
            foreach (var process in _processes.Values)
                process.Dispose();
        }
    }

    /// <summary>Redis, the inputs, and the one-process render's file hashes (the same PNG sink the CLI uses).</summary>
    public sealed class Setup : IDisposable
    {
        public Setup()
        {
            Folder = Directory.CreateTempSubdirectory("kdtalker-farm-").FullName;
            Image = Path.Combine(Folder, "face.png");
            PngFile.Write(new RgbImage(220, 200, Enumerable.Range(0, 220 * 200 * 3).Select(i => (byte)(i * 13 % 251)).ToArray()), Image);
            var samples = Enumerable.Range(0, Frames * 640).Select(i => (short)(9000 * Math.Sin(i * 0.03) * Math.Cos(i * 0.0021))).ToArray();
            Speech = Path.Combine(Folder, "speech.wav");
            File.WriteAllBytes(Speech, WavWriter.Simple(1, 1, 16000, 16, samples.SelectMany(BitConverter.GetBytes).ToArray()));
            Redis = new RedisServer();

            using var backend = new KDTalker.Kernels.Cpu.CpuBackend();
            using var talker = Talker.Load(TalkerModels.TestWeightsName, backend);
            var portrait = PortraitPreparation.Prepare(ImageFile.Load(Image), null, new PortraitOptions { NoCrop = true }, Image);
            using var speech = new AudioLoader().Open(Speech);
            string reference = Path.Combine(Folder, "reference");
            var sink = new PngSequenceSink(reference);
            talker.GenerateAsync(portrait, speech, sink, new GenerationOptions { Steps = 2, Seed = 5 }).GetAwaiter().GetResult();
            sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Reference = Hashes(reference);
        }

        public string Folder { get; }
        public string Image { get; }
        public string Speech { get; }
        public RedisServer Redis { get; }
        public List<string> Reference { get; }

        public void Dispose()
        {
            Redis.Dispose();
            Directory.Delete(Folder, recursive: true);
        }
    }
}

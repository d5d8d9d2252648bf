using Xunit;

namespace KDTalker.Tests.Farm;

/// <summary>
/// A real farm on this machine: a private redis-server, `kdtalker worker` processes on the test networks (1 thread
/// each) and `kdtalker generate --cluster` as the coordinator. The video it writes (PNG frames + WAV) must be the
/// one-process render's, file for file, through a worker killed mid-job and through a time with no worker at all.
/// </summary>
[Collection(FarmCollection.Name)]
public sealed class FarmClusterTests
{
    private static readonly TimeSpan Job = TimeSpan.FromMinutes(10), Start = TimeSpan.FromMinutes(3); // bounds against a hang, not timings
    private readonly FarmSetup _setup;

    public FarmClusterTests(FarmSetup setup) => _setup = setup;

    [Fact]
    public void Three_workers_render_the_one_process_video()
    {
        string cluster = _setup.Redis.Cluster("three");
        using var workers = new FarmWorkers(cluster, "w1", "w2", "w3");
        using var coordinator = _setup.Coordinate(cluster, "three");

        Assert.Equal(0, coordinator.WaitForExit(Job));
        Assert.Equal(_setup.Reference, FarmSetup.Hashes(Path.Combine(_setup.Folder, "three")));
        Assert.Contains("frames/s", coordinator.Output);
    }

    [Fact]
    public void A_worker_killed_mid_job_loses_its_range_to_the_others_and_the_video_is_the_same()
    {
        string cluster = _setup.Redis.Cluster("kill");
        using var workers = new FarmWorkers(cluster, "k1", "k2", "k3");
        using var coordinator = _setup.Coordinate(cluster, "kill");
        workers["k2"].WaitForLine("rendering frames", Job);
        workers["k2"].Kill(); // SIGKILL, mid-range

        Assert.Equal(0, coordinator.WaitForExit(Job));
        Assert.Equal(_setup.Reference, FarmSetup.Hashes(Path.Combine(_setup.Folder, "kill")));
        // The coordinator saw k2 go, by its stream failing or by the membership, and moved its frames.
        Assert.Matches(@"(k2 failed on frames|worker k2 left the cluster)[^\n]*go to another worker", coordinator.Output);
    }

    [Fact]
    public void With_every_worker_stopped_the_job_waits_and_says_so_then_finishes_when_one_returns()
    {
        string cluster = _setup.Redis.Cluster("return");
        using var first = new FarmWorkers(cluster, "r1");
        using var coordinator = _setup.Coordinate(cluster, "return");
        first["r1"].WaitForLine("rendering frames", Job);
        first["r1"].Terminate();
        Assert.Equal(0, first["r1"].WaitForExit(Start));

        coordinator.WaitForLine("no worker in the cluster: the job waits", Job);
        Assert.False(coordinator.HasExited);
        using var second = new FarmWorkers(cluster, "r2");

        Assert.Equal(0, coordinator.WaitForExit(Job));
        Assert.Contains("worker r2 joined", coordinator.Output);
        Assert.Contains("the job resumes", coordinator.Output);
        Assert.Equal(_setup.Reference, FarmSetup.Hashes(Path.Combine(_setup.Folder, "return")));
    }
}

using System.Text.RegularExpressions;
using Xunit;

namespace KDTalker.Tests.Farm;

/// <summary>
/// The farm against workers it must not or cannot use: one with other weights (refused, renders nothing) and one cut
/// off the network mid-range (its sockets open, no byte flowing). The video must still be the one-process render's,
/// file for file.
/// </summary>
[Collection(FarmCollection.Name)]
public sealed class FarmFaultTests
{
    private static readonly TimeSpan Job = TimeSpan.FromMinutes(10); // a bound against a hang, not a timing
    private readonly FarmSetup _setup;

    public FarmFaultTests(FarmSetup setup) => _setup = setup;

    [Fact]
    public void A_worker_with_other_weights_is_refused_renders_nothing_and_the_job_waits_for_one_that_matches()
    {
        string cluster = _setup.Redis.Cluster("refused");
        using var otherWeights = new OtherWeightsApplication();
        using var refused = new FarmWorkers(new Dictionary<string, string[]>
        {
            ["x1"] = FarmWorkers.Arguments(cluster, "x1", RedisServer.FreePort(), RedisServer.FreePort()),
        }, otherWeights.Folder);
        using var coordinator = _setup.Coordinate(cluster, "refused");

        coordinator.WaitForLine("refused worker x1: its weights", Job);
        coordinator.WaitForLine("no worker in the cluster that this coordinator accepts (1 refused): the job waits", Job);
        Assert.Contains("copy the same weights to every worker", coordinator.Output);
        Assert.False(coordinator.HasExited);
        using var matching = new FarmWorkers(cluster, "m1");

        Assert.Equal(0, coordinator.WaitForExit(Job));
        Assert.Contains("worker m1 joined", coordinator.Output);
        Assert.Contains("the job resumes", coordinator.Output);
        Assert.Equal(_setup.Reference, FarmSetup.Hashes(Path.Combine(_setup.Folder, "refused")));
        // Every frame came from m1; x1 was never asked for one.
        Assert.Contains($"on 1 workers (m1: {FarmSetup.Frames})", coordinator.Output);
        Assert.DoesNotContain("rendering frames", refused["x1"].Output);
    }

    [Fact]
    public void A_worker_cut_off_the_network_mid_range_loses_its_range_to_the_others_and_the_video_is_the_same()
    {
        string cluster = _setup.Redis.Cluster("cut");
        // Each worker listens on one silo port and advertises a proxy's: every silo-to-silo connection goes through
        // a proxy (Orleans sends both ways over a connection, whoever opened it). c3's gateway and Redis link are its
        // own proxies. Cutting c3's proxies and c3's connections through the others' isolates c3 completely.
        int port1 = RedisServer.FreePort(), port2 = RedisServer.FreePort(), port3 = RedisServer.FreePort(), gatewayPort3 = RedisServer.FreePort();
        using var silo1 = new TcpProxy(port1);
        using var silo2 = new TcpProxy(port2);
        using var silo3 = new TcpProxy(port3);
        using var gateway3 = new TcpProxy(gatewayPort3);
        using var redis3 = new TcpProxy(_setup.Redis.Port);
        using var workers = new FarmWorkers(new Dictionary<string, string[]>
        {
            ["c1"] = [.. FarmWorkers.Arguments(cluster, "c1", port1, RedisServer.FreePort()), "--advertise-port", $"{silo1.Port}"],
            ["c2"] = [.. FarmWorkers.Arguments(cluster, "c2", port2, RedisServer.FreePort()), "--advertise-port", $"{silo2.Port}"],
            ["c3"] =
            [
                .. FarmWorkers.Arguments($"redis://127.0.0.1:{redis3.Port}/cut", "c3", port3, gatewayPort3),
                "--advertise-port", $"{silo3.Port}", "--advertise-gateway-port", $"{gateway3.Port}",
            ],
        });
        using var coordinator = _setup.Coordinate(cluster, "cut");

        workers["c3"].WaitForLine("rendering frames", Job);
        int c3 = workers["c3"].Id;
        foreach (var link in new[] { silo3, gateway3, redis3 })
            link.Cut();
        silo1.Cut(peer => LoopbackSockets.IsHeldBy(c3, peer.Port, silo1.Port));
        silo2.Cut(peer => LoopbackSockets.IsHeldBy(c3, peer.Port, silo2.Port));

        Assert.Equal(0, coordinator.WaitForExit(Job));
        Assert.Equal(_setup.Reference, FarmSetup.Hashes(Path.Combine(_setup.Folder, "cut")));
        // The coordinator gave c3's range to another worker (its stream failed, the membership declared c3 dead, it hung, or an
        // idle worker took the frames the video waited on), and that worker rendered the rest of the range.
        Assert.Matches(new Regex(@"c3 (failed on frames|left the cluster|sent no frame for|is late with frames)[^\n]*(go to another worker|renders them too)"),
            coordinator.Output);
        var range = Regex.Match(workers["c3"].Output, @"rendering frames (\d+)–(\d+)");
        int first = int.Parse(range.Groups[1].Value), last = int.Parse(range.Groups[2].Value);
        string others = $"{workers["c1"].Output}\n{workers["c2"].Output}";
        Assert.Contains(Enumerable.Range(first, last - first + 1), start => others.Contains($"rendering frames {start}–{last} ", StringComparison.Ordinal));
        Assert.False(workers["c3"].HasExited); // cut off, not dead
    }
}

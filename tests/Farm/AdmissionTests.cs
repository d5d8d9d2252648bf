using KDTalker.Farm;
using KDTalker.Farm.Cluster;
using KDTalker.Farm.Contracts;
using KDTalker.Model.Pipeline;
using Xunit;

namespace KDTalker.Tests.Farm;

/// <summary>Which workers a coordinator accepts, and the --cluster addresses.</summary>
public sealed class AdmissionTests
{
    [Fact]
    public void A_worker_with_another_engine_version_or_other_weights_is_refused_with_the_reason()
    {
        var own = EngineFingerprint.Compute(TalkerModels.TestWeightsName, "the test networks");
        Assert.Null(own.Mismatch(own with { WeightsDescription = "the same files elsewhere" }));
        Assert.Contains("install the same build", own.Mismatch(own with { Version = "0.0.9+0123abc" }));
        string? weights = own.Mismatch(own with { WeightsDigest = new string('0', 64), WeightsDescription = "/srv/other.safetensors" });
        Assert.Contains("/srv/other.safetensors", weights);
        Assert.Contains("copy the same weights to every worker", weights);
    }

    [Fact]
    public void The_weights_digest_follows_the_bytes_not_the_folder_name()
    {
        string first = Directory.CreateTempSubdirectory("kdtalker-weights-a-").FullName, second = Directory.CreateTempSubdirectory("kdtalker-weights-b-").FullName;
        try
        {
            foreach (string folder in new[] { first, second })
                File.WriteAllBytes(Path.Combine(folder, "w.bin"), [1, 2, 3]);
            string digest = EngineFingerprint.Compute(first, "a").WeightsDigest;
            Assert.Equal(digest, EngineFingerprint.Compute(second, "b").WeightsDigest);
            File.WriteAllBytes(Path.Combine(second, "w.bin"), [1, 2, 4]);
            Assert.NotEqual(digest, EngineFingerprint.Compute(second, "b").WeightsDigest);
        }
        finally
        {
            Directory.Delete(first, true);
            Directory.Delete(second, true);
        }
    }

    [Theory]
    [InlineData("redis://10.0.0.5", "10.0.0.5:6379", "kdtalker")]
    [InlineData("redis://farm.local:7000/studio", "farm.local:7000", "studio")]
    public void Cluster_addresses_name_the_redis_server_and_the_cluster(string text, string endpoint, string id)
    {
        var cluster = ClusterAddress.Parse(text);
        Assert.Equal((endpoint, id), (cluster.RedisEndpoint, cluster.ClusterId));
        Assert.Null(ClusterAddress.Parse("localhost").RedisEndpoint);
    }

    [Theory]
    [InlineData("10.0.0.5:6379")]
    [InlineData("postgres://db/farm")]
    [InlineData("redis://host/a/b")]
    public void A_bad_cluster_address_says_what_is_expected(string text)
    {
        var error = Assert.Throws<FormatException>(() => ClusterAddress.Parse(text));
        Assert.Contains("redis://HOST[:PORT][/CLUSTER-ID]", error.Message);
    }
}

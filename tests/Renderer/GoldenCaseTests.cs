using KDTalker.Kernels.Cpu;
using KDTalker.Model.SelfTest;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Renderer;

/// <summary>
/// The renderer networks against upstream PyTorch on the golden cases (tests/fixtures/golden): every output and
/// intermediate the tolerance table of tests/fixtures/README.md lists, each within its row.
/// </summary>
public class GoldenCaseTests
{
    [Theory]
    [InlineData("a_appearance_feature_extractor")]
    [InlineData("b_motion_extractor")]
    [InlineData("c_warping_module")]
    [InlineData("d_spade_generator")]
    [InlineData("e_warp_decode")]
    public void Renderer_case_matches_upstream(string name)
    {
        using var backend = new CpuBackend();
        long start = backend.LiveStorages;
        var result = SelfTestSuite.RunCase(Path.GetDirectoryName(Fixtures.Path($"golden/{name}.config.json"))!, name, backend);
        GoldenTolerances.AssertMatchesUpstream(result);
        LiveStorage.AssertReturned(backend, start, $"golden case {name}");
    }

    [Fact]
    public void The_table_check_fails_on_a_missing_tensor_an_unlisted_one_or_an_error_over_its_row()
    {
        var rows = GoldenTolerances.For("c_warping_module");
        var all = rows.Select(r => new GoldenComparison(r.Key, r.Value / 2, 0, 1)).ToList();
        GoldenTolerances.AssertMatchesUpstream(new GoldenResult("c_warping_module", "WarpingNetwork", all));

        Assert.ThrowsAny<Exception>(() => GoldenTolerances.AssertMatchesUpstream(new GoldenResult("c_warping_module", "WarpingNetwork", all.Skip(1).ToList())));
        Assert.ThrowsAny<Exception>(() => GoldenTolerances.AssertMatchesUpstream(
            new GoldenResult("c_warping_module", "WarpingNetwork", [.. all, new GoldenComparison("out (size 1, expected 2)", 0, 0, 1)])));
        var tooLarge = all.Select((c, i) => i == 0 ? c with { MaxAbs = rows[c.Tensor] * 1.01, Tolerance = 1 } : c).ToList();
        Assert.ThrowsAny<Exception>(() => GoldenTolerances.AssertMatchesUpstream(new GoldenResult("c_warping_module", "WarpingNetwork", tooLarge)));
    }

    [Fact]
    public void Cases_without_a_runner_are_reported_as_skipped_with_a_reason()
    {
        string directory = Directory.CreateTempSubdirectory("kdtalker-golden-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "z_future.config.json"), "{\"module\": \"SomethingNew\"}");
            new KDTalker.Tensors.SafeTensors.SafeTensorsWriter().Save(Path.Combine(directory, "z_future.safetensors"));
            using var backend = new CpuBackend();
            var results = SelfTestSuite.RunDirectory(directory, backend);
            Assert.True(Assert.Single(results).Skipped);
            Assert.Contains("SomethingNew", results[0].SkipReason);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

using KDTalker.Kernels.Cpu;
using KDTalker.Model.SelfTest;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Renderer;

/// <summary>
/// The renderer networks against upstream PyTorch on the golden cases (tests/fixtures/golden, copied from
/// the shared fixtures): every output and intermediate within the fixture README's tolerances.
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
        var result = SelfTestSuite.RunCase(Path.GetDirectoryName(Fixtures.Path($"golden/{name}.config.json"))!, name, backend);
        Assert.Null(result.Error);
        Assert.False(result.Skipped, result.SkipReason);
        var failures = result.Comparisons.Where(c => !c.Passed).Select(c => $"{c.Tensor}: max-abs {c.MaxAbs:E2} > {c.Tolerance:E1}").ToList();
        Assert.True(failures.Count == 0, string.Join("; ", failures));
        Assert.NotEmpty(result.Comparisons);
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

using KDTalker.Kernels.Cpu;
using KDTalker.Model.SelfTest;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Renderer;

/// <summary>
/// The renderer golden cases (those with 3×3 convolutions, which take the Winograd path by default) on every SIMD level
/// below the best (the best is GoldenCaseTests'), and on the direct im2col path that `--conv direct` selects.
/// </summary>
public class GoldenConvolutionPathTests
{
    public static TheoryData<string, string, string> Paths()
    {
        string[] cases = ["a_appearance_feature_extractor", "c_warping_module", "d_spade_generator", "e_warp_decode"];
        var data = new TheoryData<string, string, string>();
        foreach (var name in cases)
        {
            data.Add(name, CpuFeatures.Best.ToString(), nameof(ConvolutionAlgorithm.Direct));
            foreach (var level in Enum.GetValues<SimdLevel>().Where(l => l < CpuFeatures.Best))
                data.Add(name, level.ToString(), nameof(ConvolutionAlgorithm.Auto));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Renderer_case_matches_upstream_on_this_path(string name, string simd, string convolution)
    {
        using var backend = new CpuBackend(new CpuBackendOptions
        {
            MaxSimd = Enum.Parse<SimdLevel>(simd),
            Convolution = Enum.Parse<ConvolutionAlgorithm>(convolution),
        });
        var result = SelfTestSuite.RunCase(Path.GetDirectoryName(Fixtures.Path($"golden/{name}.config.json"))!, name, backend);
        Assert.Null(result.Error);
        Assert.False(result.Skipped, result.SkipReason);
        var failures = result.Comparisons.Where(c => !c.Passed).Select(c => $"{c.Tensor}: max-abs {c.MaxAbs:E2} > {c.Tolerance:E1}").ToList();
        Assert.True(failures.Count == 0, string.Join("; ", failures));
        Assert.NotEmpty(result.Comparisons);
    }
}

using KDTalker.Kernels.Cpu;
using KDTalker.Model.SelfTest;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Motion;

/// <summary>
/// The motion stage against upstream on the golden cases: h (denoiser 1e-5, DDIM 5 and 50 steps 5e-4),
/// i (Kalman 1e-9) and j (normalisation and composition 1e-6), tolerances as stated by each runner.
/// </summary>
public class MotionGoldenCaseTests
{
    [Theory]
    [InlineData("h_diffusion")]
    [InlineData("i_kalman")]
    [InlineData("j_motion")]
    public void Motion_case_matches_upstream(string name)
    {
        using var backend = new CpuBackend();
        var result = SelfTestSuite.RunCase(Path.GetDirectoryName(Fixtures.Path($"golden/{name}.config.json"))!, name, backend);
        Assert.Null(result.Error);
        Assert.False(result.Skipped, result.SkipReason);
        var failures = result.Comparisons.Where(c => !c.Passed).Select(c => $"{c.Tensor}: max-abs {c.MaxAbs:E2} > {c.Tolerance:E1}").ToList();
        Assert.True(failures.Count == 0, string.Join("; ", failures));
        Assert.True(result.Comparisons.Count >= 9);
    }
}

using KDTalker.Kernels.Cpu;
using KDTalker.Model.SelfTest;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Motion;

/// <summary>
/// The motion stage against upstream on the golden cases h (denoiser, DDIM 5 and 50 steps), i (Kalman) and
/// j (normalisation and composition): every tensor of tests/fixtures/README.md's tolerance table, within its row.
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
        long start = backend.LiveStorages;
        var result = SelfTestSuite.RunCase(Path.GetDirectoryName(Fixtures.Path($"golden/{name}.config.json"))!, name, backend);
        GoldenTolerances.AssertMatchesUpstream(result);
        LiveStorage.AssertReturned(backend, start, $"golden case {name}");
    }
}

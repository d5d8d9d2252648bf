using KDTalker.Tensors;
using KDTalker.Tests.Reference;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Operators;

/// <summary>Norm layers against float64 (statistics accumulate in float64): atol 2e-6, rtol 2e-6.</summary>
public class NormalizationTests : StorageCheckedTests
{
    private const double Atol = 2e-6, Rtol = 2e-6;

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void LayerNorm_over_the_last_axis(string backendName)
    {
        using var backend = CreateBackend(backendName);
        var random = new Random(1);
        var x = RefTensor.Random(random, [2, 66, 37], -3, 5);
        var w = RefTensor.Random(random, [1, 1, 37]);
        var b = RefTensor.Random(random, [37]);
        using var input = Numerics.UploadStrided(backend, x);
        using var weight = Numerics.Upload(backend, w);
        using var bias = Numerics.Upload(backend, b);
        using var y = Ops.LayerNorm(input, weight, bias, 1e-5f);
        Numerics.AssertClose(y, NormalizationReference.Normalize(x, [2], 1e-5, w, b, 2), Atol, Rtol, "layer norm");
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void LayerNorm_channels_first_normalises_each_pixel_across_channels(string backendName)
    {
        using var backend = CreateBackend(backendName);
        var random = new Random(2);
        // The simulator runs one thread group, with its barriers, per pixel: it gets a smaller image.
        var x = RefTensor.Random(random, TestBackends.IsSimulator(backendName) ? [2, 19, 5, 7] : [2, 19, 23, 29], -1, 2);
        var w = RefTensor.Random(random, [19]);
        var b = RefTensor.Random(random, [19]);
        using var input = Numerics.Upload(backend, x);
        using var weight = Numerics.Upload(backend, w);
        using var bias = Numerics.Upload(backend, b);
        using var y = Ops.LayerNormChannelsFirst(input, weight, bias, 1e-6f);
        Numerics.AssertClose(y, NormalizationReference.Normalize(x, [1], 1e-6, w, b, 1), Atol, Rtol, "channels-first layer norm");
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void InstanceNorm_normalises_each_plane_without_affine(string backendName)
    {
        using var backend = CreateBackend(backendName);
        var x = RefTensor.Random(new Random(3), [2, 5, 31, 17], 2, 9);
        using var input = Numerics.UploadStrided(backend, x);
        using var y = Ops.InstanceNorm(input, 1e-5f);
        Numerics.AssertClose(y, NormalizationReference.Normalize(x, [2, 3], 1e-5, null, null, 1), Atol, Rtol, "instance norm");
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void BatchNorm_uses_the_running_statistics(string backendName)
    {
        using var backend = CreateBackend(backendName);
        var random = new Random(4);
        var x = RefTensor.Random(random, [2, 6, 3, 5, 7]);
        var mean = RefTensor.Random(random, [6]);
        var variance = RefTensor.Random(random, [6], 0.1, 2);
        var w = RefTensor.Random(random, [6]);
        var b = RefTensor.Random(random, [6]);
        using var input = Numerics.Upload(backend, x);
        using var m = Numerics.Upload(backend, mean);
        using var v = Numerics.Upload(backend, variance);
        using var weight = Numerics.Upload(backend, w);
        using var bias = Numerics.Upload(backend, b);
        using var y = Ops.BatchNorm(input, m, v, weight, bias, 1e-5f);
        Numerics.AssertClose(y, NormalizationReference.BatchNorm(x, mean, variance, w, b, 1e-5), Atol, Rtol, "batch norm");
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void GlobalResponseNorm_matches_convnext_v2(string backendName)
    {
        using var backend = CreateBackend(backendName);
        var random = new Random(5);
        var x = RefTensor.Random(random, [2, 9, 11, 24]);
        var gamma = RefTensor.Random(random, [1, 1, 1, 24]);
        var beta = RefTensor.Random(random, [1, 1, 1, 24]);
        using var input = Numerics.UploadStrided(backend, x);
        using var g = Numerics.Upload(backend, gamma);
        using var b = Numerics.Upload(backend, beta);
        using var y = Ops.GlobalResponseNorm(input, g, b);
        Numerics.AssertClose(y, NormalizationReference.Grn(x, gamma, beta, 1e-6), Atol, Rtol, "grn");
    }
}

using KDTalker.Tensors;
using KDTalker.Tests.Reference;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Operators;

/// <summary>
/// Pooling, upsampling, pixel shuffle, concat and grid sampling against float64. Copies must be exact;
/// means and interpolations are within atol 1e-6 + rtol 1e-6.
/// </summary>
public class SpatialTests : StorageCheckedTests
{
    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void AvgPool_2d_and_3d_take_floor_sized_window_means(string backendName)
    {
        using var backend = CreateBackend(backendName);
        var x2 = RefTensor.Random(new Random(1), [2, 3, 9, 14]);
        using var input2 = Numerics.UploadStrided(backend, x2);
        using var y2 = Ops.AvgPool2d(input2, 2);
        Numerics.AssertClose(y2, SpatialReference.AvgPool(x2, [2, 2]), 1e-6, 1e-6, "avgpool2d");
        var x3 = RefTensor.Random(new Random(2), [1, 4, 3, 10, 7]);
        using var input3 = Numerics.Upload(backend, x3);
        using var y3 = Ops.AvgPool3d(input3, 1, 2, 2);
        Numerics.AssertClose(y3, SpatialReference.AvgPool(x3, [1, 2, 2]), 1e-6, 1e-6, "avgpool3d (1,2,2)");
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void Nearest_upsampling_follows_the_legacy_index_rule(string backendName)
    {
        using var backend = CreateBackend(backendName);
        var x = RefTensor.Random(new Random(3), [1, 3, 5, 7]);
        using var input = Numerics.UploadStrided(backend, x);
        foreach (var size in new[] { new[] { 10, 14 }, [13, 9], [5, 7], [3, 20] })
        {
            using var y = Ops.UpsampleNearest(input, size);
            Numerics.AssertClose(y, SpatialReference.UpsampleNearest(x, size), 0, 0, $"nearest to {ShapeMath.Format(size)}");
        }
        var v = RefTensor.Random(new Random(4), [1, 2, 4, 3, 5]);
        using var volume = Numerics.Upload(backend, v);
        using var up = Ops.UpsampleNearest(volume, 4, 6, 10);
        Numerics.AssertClose(up, SpatialReference.UpsampleNearest(v, [4, 6, 10]), 0, 0, "nearest (1,2,2) in 3-D");
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void PixelShuffle_and_concat_rearrange_exactly(string backendName)
    {
        using var backend = CreateBackend(backendName);
        var x = RefTensor.Random(new Random(5), [2, 12, 3, 5]);
        using var input = Numerics.Upload(backend, x);
        using var shuffled = Ops.PixelShuffle(input, 2);
        Numerics.AssertClose(shuffled, SpatialReference.PixelShuffle(x, 2), 0, 0, "pixel shuffle");

        var a = RefTensor.Random(new Random(6), [2, 3, 4]);
        var b = RefTensor.Random(new Random(7), [2, 5, 4]);
        using var left = Numerics.UploadStrided(backend, a);
        using var right = Numerics.Upload(backend, b);
        using var joined = Ops.Concat([left, right], 1);
        var expected = new RefTensor([2, 8, 4]);
        for (int i = 0; i < expected.Length; i++)
        {
            var index = expected.Unravel(i);
            expected.Data[i] = index[1] < 3 ? a[index] : b[index[0], index[1] - 3, index[2]];
        }
        Numerics.AssertClose(joined, expected, 0, 0, "concat");
        var parts = joined.Split(1, 3, 5);
        Numerics.AssertClose(parts[1], b, 0, 0, "split");
        foreach (var part in parts)
            part.Dispose();
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void GridSample_2d_and_3d_with_points_inside_on_the_border_and_outside(string backendName)
    {
        using var backend = CreateBackend(backendName);
        var random = new Random(8);
        var x2 = RefTensor.Random(random, [2, 3, 7, 9]);
        var grid2 = RefTensor.Random(random, [2, 5, 6, 2], -1.3, 1.3);
        grid2.Data[0] = -1; grid2.Data[1] = 1; grid2.Data[2] = 1.0; grid2.Data[3] = -1.0;
        using var input2 = Numerics.UploadStrided(backend, x2);
        using var g2 = Numerics.Upload(backend, grid2);
        using var y2 = Ops.GridSample(input2, g2);
        Numerics.AssertClose(y2, SpatialReference.GridSample(x2, grid2), 1e-6, 1e-6, "grid sample 2-D");

        var x3 = RefTensor.Random(random, [1, 4, 5, 6, 7]);
        var grid3 = RefTensor.Random(random, [1, 3, 4, 11, 3], -1.2, 1.2);
        using var input3 = Numerics.Upload(backend, x3);
        using var g3 = Numerics.Upload(backend, grid3);
        using var y3 = Ops.GridSample(input3, g3);
        Numerics.AssertClose(y3, SpatialReference.GridSample(x3, grid3), 1e-6, 1e-6, "grid sample 3-D");
    }
}

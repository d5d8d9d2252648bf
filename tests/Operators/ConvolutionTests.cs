using KDTalker.Tensors;
using KDTalker.Tests.Reference;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Operators;

public class ConvolutionTests : StorageCheckedTests
{
    // Inputs and weights are uniform in [-1, 1); each output sums K = C_in/groups · kernel volume
    // products in float32, so the bound is 1e-5·sqrt(K) absolute + 1e-4 relative.
    private const double Rtol = 1e-4;

    private static double Atol(int depth) => 1e-5 * Math.Sqrt(depth) + 1e-5;

    /// <summary>A 2-D case: (batch, C_in, C_out, H, W, kH, kW, strideH, strideW, padH, padW, groups, bias).</summary>
    public static TheoryData<string, int[], bool> Cases2d()
    {
        int[][] cases =
        [
            [1, 3, 5, 9, 11, 3, 3, 1, 1, 1, 1, 1],    // odd sizes, padding
            [2, 4, 7, 13, 10, 3, 3, 2, 2, 0, 0, 1],   // stride 2, no padding, batch 2
            [3, 1, 6, 20, 16, 5, 3, 3, 1, 1, 1, 1],   // audio-encoder style stride (3, 1)
            [2, 6, 4, 20, 16, 4, 3, 3, 2, 0, 1, 1],   // stride (3, 2), asymmetric padding
            [1, 4, 5, 16, 14, 3, 3, 3, 3, 1, 1, 1],   // stride (3, 3): the audio encoder's third stride
            [1, 8, 6, 7, 9, 3, 3, 1, 1, 1, 1, 2],     // groups 2
            [1, 8, 12, 6, 5, 3, 1, 1, 1, 1, 0, 4],    // groups 4, 3×1 kernel
            [2, 24, 17, 8, 8, 1, 1, 1, 1, 0, 0, 1],   // pointwise: plain GEMM on the input
            [1, 5, 3, 6, 7, 1, 1, 2, 1, 1, 0, 1],     // 1×1 with stride and padding: not pointwise
            [1, 7, 7, 12, 11, 7, 7, 1, 1, 3, 3, 7],   // depthwise 7×7 pad 3 (ConvNeXt)
            [2, 4, 4, 9, 10, 3, 3, 2, 2, 1, 1, 4],    // depthwise with stride 2
            [1, 19, 13, 23, 37, 3, 3, 1, 1, 1, 1, 1], // K = 171, ragged 16-wide panels across rows
        ];
        var data = new TheoryData<string, int[], bool>();
        foreach (var backend in TestBackends.All)
            for (int i = 0; i < cases.Length; i++)
                data.Add(backend, cases[i], i % 2 == 0);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases2d))]
    public void Conv2d_matches_the_float64_reference(string backendName, int[] c, bool withBias)
    {
        using var backend = CreateBackend(backendName);
        var rng = new Random(c.Sum());
        int groups = c[11];
        var x = RefTensor.Random(rng, [c[0], c[1], c[3], c[4]]);
        var w = RefTensor.Random(rng, [c[2], c[1] / groups, c[5], c[6]]);
        var b = withBias ? RefTensor.Random(rng, [c[2]]) : null;
        using var input = Numerics.Upload(backend, x);
        using var weight = Numerics.Upload(backend, w);
        using var bias = b is null ? null : Numerics.Upload(backend, b);
        using var y = Ops.Conv2d(input, weight, bias, (c[7], c[8]), (c[9], c[10]), groups);
        var expected = ConvolutionReference.Convolution(x, w, b, [c[7], c[8]], [c[9], c[10]], groups);
        Numerics.AssertClose(y, expected, Atol(c[1] / groups * c[5] * c[6]), Rtol, $"conv2d [{string.Join(",", c)}] bias={withBias}");
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void Conv2d_reads_a_non_contiguous_input(string backendName)
    {
        using var backend = CreateBackend(backendName);
        var rng = new Random(21);
        var x = RefTensor.Random(rng, [1, 6, 10, 13]);
        var w = RefTensor.Random(rng, [5, 6, 3, 3]);
        using var input = Numerics.UploadStrided(backend, x);
        Assert.False(input.IsContiguous);
        using var weight = Numerics.Upload(backend, w);
        using var y = Ops.Conv2d(input, weight, null, 1, 1);
        Numerics.AssertClose(y, ConvolutionReference.Convolution(x, w, null, [1, 1], [1, 1], 1), Atol(54), Rtol, "strided input");
    }

    [Theory]
    [MemberData(nameof(TestBackends.Cpu), MemberType = typeof(TestBackends))] // the CPU GEMM's cache blocks; the GPU tiles are crossed by the cases above
    public void Conv2d_crossing_gemm_blocks_matches(string backendName)
    {
        using var backend = CreateBackend(backendName);
        var rng = new Random(22);
        // K = 32·9 = 288 > KC (256) and M = 150 > MC (144): several depth and row blocks with ragged ends.
        var x = RefTensor.Random(rng, [1, 32, 13, 14]);
        var w = RefTensor.Random(rng, [150, 32, 3, 3]);
        var b = RefTensor.Random(rng, [150]);
        using var input = Numerics.Upload(backend, x);
        using var weight = Numerics.Upload(backend, w);
        using var bias = Numerics.Upload(backend, b);
        using var y = Ops.Conv2d(input, weight, bias, 1, 1);
        Numerics.AssertClose(y, ConvolutionReference.Convolution(x, w, b, [1, 1], [1, 1], 1), Atol(288), Rtol, "32->150 3x3");
    }

    /// <summary>A 3-D case: (C_in, C_out, D, H, W, k, stride, padding, groups).</summary>
    public static TheoryData<string, int[]> Cases3d()
    {
        int[][] cases =
        [
            [5, 6, 4, 7, 9, 3, 1, 1, 1],  // 3×3×3 pad 1 (warping / decoder)
            [3, 4, 9, 9, 8, 7, 1, 3, 1],  // 7×7×7 pad 3 (mask head), small
            [2, 3, 4, 5, 5, 7, 1, 3, 1],  // 7×7×7 pad 3, smaller still: the simulator's mask-head case
            [9, 5, 3, 4, 5, 1, 1, 0, 1],  // 1×1×1 pointwise
            [4, 6, 7, 8, 9, 3, 2, 1, 2],  // stride 2, groups 2
            [4, 4, 5, 6, 7, 3, 1, 1, 4],  // depthwise 3-D
        ];
        var data = new TheoryData<string, int[]>();
        foreach (var backend in TestBackends.All)
            foreach (var c in cases)
                if (!TestBackends.IsSimulator(backend) || c[0] * c[5] * c[5] * c[5] * c[2] * c[3] * c[4] < 100_000) // 65 K steps × 22 tiles is minutes there
                    data.Add(backend, c);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases3d))]
    public void Conv3d_matches_the_float64_reference(string backendName, int[] c)
    {
        using var backend = CreateBackend(backendName);
        var rng = new Random(c.Sum() + 100);
        int k = c[5], groups = c[8];
        var x = RefTensor.Random(rng, [2, c[0], c[2], c[3], c[4]]);
        var w = RefTensor.Random(rng, [c[1], c[0] / groups, k, k, k]);
        var b = RefTensor.Random(rng, [c[1]]);
        using var input = Numerics.Upload(backend, x);
        using var weight = Numerics.Upload(backend, w);
        using var bias = Numerics.Upload(backend, b);
        using var y = Ops.Conv3d(input, weight, bias, c[6], c[7], groups);
        var expected = ConvolutionReference.Convolution(x, w, b, [c[6], c[6], c[6]], [c[7], c[7], c[7]], groups);
        Numerics.AssertClose(y, expected, Atol(c[0] / groups * k * k * k), Rtol, $"conv3d [{string.Join(",", c)}]");
    }
}

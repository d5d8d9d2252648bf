using KDTalker.Kernels.Cpu;
using KDTalker.Tensors;
using KDTalker.Tests.Reference;
using KDTalker.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace KDTalker.Tests.Operators;

/// <summary>
/// The F(4×4, 3×3) path of the CPU backend (stride-1, padding-1 3×3 conv2d and 3×3×3 conv3d with ≥ 16 channels each
/// way) against the float64 reference, on every SIMD path, and against the direct path on the same backend.
/// </summary>
public class WinogradConvolutionTests(ITestOutputHelper output)
{
    // Inputs and weights uniform in [-1, 1). F(4×4, 3×3) rounds in its transforms as well as in the C_in·9-term sums:
    // its measured error is ~4x the direct path's, so the bound is 4x ConvolutionTests' (1e-5·sqrt(K) + 1e-5).
    private const double Rtol = 4e-4;

    private static double Atol(int depth) => 4e-5 * Math.Sqrt(depth) + 4e-5;

    /// <summary>(batch, C_in, C_out, H, W).</summary>
    public static TheoryData<string, int[]> Cases()
    {
        int[][] cases =
        [
            [1, 16, 16, 8, 8],     // whole tiles, one lane group
            [1, 17, 23, 13, 18],   // ragged tiles at both edges, C_out not a multiple of 6
            [2, 20, 16, 9, 30],    // batch 2, lane groups across tile rows
            [1, 300, 18, 12, 12],  // C_in past the 256-deep depth block
            [1, 16, 110, 20, 20],  // C_out past the 96-channel block, more than one tile block
        ];
        var data = new TheoryData<string, int[]>();
        foreach (var backend in TestBackends.All)
            foreach (var c in cases)
                data.Add(backend, c);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Winograd_conv2d_matches_the_float64_reference(string backendName, int[] c)
    {
        using var backend = TestBackends.Create(backendName);
        var rng = new Random(c.Sum());
        var x = RefTensor.Random(rng, [c[0], c[1], c[3], c[4]]);
        var w = RefTensor.Random(rng, [c[2], c[1], 3, 3]);
        var b = RefTensor.Random(rng, [c[2]]);
        using var input = Numerics.Upload(backend, x);
        using var weight = Numerics.Upload(backend, w);
        using var bias = Numerics.Upload(backend, b);
        using var y = Ops.Conv2d(input, weight, bias, 1, 1);
        var expected = ConvolutionReference.Convolution(x, w, b, [1, 1], [1, 1], 1);
        var (maxAbs, maxRel, _) = Numerics.Errors(y.ToArray(), expected.Data);
        output.WriteLine($"{backendName} [{string.Join(",", c)}]: max abs {maxAbs:E2}, max rel {maxRel:E2}");
        Numerics.AssertClose(y, expected, Atol(c[1] * 9), Rtol, $"Winograd conv2d [{string.Join(",", c)}]");
    }

    /// <summary>(batch, C_in, C_out, D, H, W) for 3×3×3 kernels: three depth taps accumulated per output slice.</summary>
    public static TheoryData<string, int[]> Cases3d()
    {
        int[][] cases =
        [
            [1, 16, 16, 3, 8, 8],    // whole tiles, every slice touches the depth padding
            [1, 17, 20, 5, 9, 13],   // ragged tiles, C_out not a multiple of 6
            [2, 16, 18, 1, 8, 8],    // batch 2, one slice: only the middle tap contributes
            [1, 20, 16, 6, 4, 4],    // one tile per plane: slices split across tasks
        ];
        var data = new TheoryData<string, int[]>();
        foreach (var backend in TestBackends.All)
            foreach (var c in cases)
                data.Add(backend, c);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases3d))]
    public void Winograd_conv3d_matches_the_float64_reference(string backendName, int[] c)
    {
        using var backend = TestBackends.Create(backendName);
        var rng = new Random(c.Sum());
        var x = RefTensor.Random(rng, [c[0], c[1], c[3], c[4], c[5]]);
        var w = RefTensor.Random(rng, [c[2], c[1], 3, 3, 3]);
        var b = RefTensor.Random(rng, [c[2]]);
        using var input = Numerics.Upload(backend, x);
        using var weight = Numerics.Upload(backend, w);
        using var bias = Numerics.Upload(backend, b);
        using var residual = Numerics.Upload(backend, RefTensor.Random(rng, [c[0], c[2], c[3], c[4], c[5]]));
        using var y = Ops.Conv3d(input, weight, bias, 1, 1);
        var expected = ConvolutionReference.Convolution(x, w, b, [1, 1, 1], [1, 1, 1], 1);
        var (maxAbs, maxRel, _) = Numerics.Errors(y.ToArray(), expected.Data);
        output.WriteLine($"{backendName} [{string.Join(",", c)}]: max abs {maxAbs:E2}, max rel {maxRel:E2}");
        Numerics.AssertClose(y, expected, Atol(c[1] * 27), Rtol, $"Winograd conv3d [{string.Join(",", c)}]");

        // The ReLU + residual epilogue of the hourglass and resblocks, fused: against its formula on y.
        using var fused = Ops.Convolution(input, weight, bias, [1, 1, 1], [1, 1, 1], 1, ConvolutionEpilogue.Activate(UnaryOp.Relu).WithResidual(residual));
        float[] z = y.ToArray(), r = residual.ToArray();
        Numerics.AssertClose(fused.ToArray(), z.Select((v, i) => Math.Max(v, 0.0) + r[i]).ToArray(), 1e-6, 1e-6, "fused ReLU + residual");
    }

    /// <summary>
    /// The epilogues fused into the output transform against their formulas applied in float64 to the plain convolution's
    /// output from the same path (so only the epilogue is under test): activation + residual, and SPADE's modulation.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void Fused_epilogues_follow_their_formulas(string backendName)
    {
        using var backend = TestBackends.Create(backendName);
        var rng = new Random(11);
        int batch = 2, cin = 18, channels = 20, height = 11, width = 21, plane = height * width;
        using var x = Numerics.Upload(backend, RefTensor.Random(rng, [batch, cin, height, width]));
        using var weight = Numerics.Upload(backend, RefTensor.Random(rng, [2 * channels, cin, 3, 3]));
        using var bias = Numerics.Upload(backend, RefTensor.Random(rng, [2 * channels]));
        using var normalised = Numerics.Upload(backend, RefTensor.Random(rng, [batch, channels, height, width]));
        using var residual = Numerics.Upload(backend, RefTensor.Random(rng, [batch, 2 * channels, height, width]));
        using var plain = Ops.Convolution(x, weight, bias, [1, 1], [1, 1]);
        float[] z = plain.ToArray(), n = normalised.ToArray(), r = residual.ToArray();

        using var modulated = Ops.Convolution(x, weight, bias, [1, 1], [1, 1], 1, ConvolutionEpilogue.Modulate(normalised));
        var m = modulated.ToArray();
        var expected = new double[m.Length];
        for (int i = 0; i < m.Length; i++)
        {
            int image = i / (channels * plane), c = i / plane % channels, p = i % plane;
            double gamma = z[(image * 2 * channels + c) * plane + p], beta = z[(image * 2 * channels + channels + c) * plane + p];
            expected[i] = n[i] * (1 + gamma) + beta;
        }
        Numerics.AssertClose(m, expected, 1e-6, 1e-6, "fused SPADE modulation");

        foreach (var (op, alpha) in new (UnaryOp, float)[] { (UnaryOp.Relu, 0f), (UnaryOp.LeakyRelu, 0.2f) })
        {
            using var activated = Ops.Convolution(x, weight, bias, [1, 1], [1, 1], 1, ConvolutionEpilogue.Activate(op, alpha).WithResidual(residual));
            var a = activated.ToArray();
            var formula = z.Select((v, i) => (v >= 0 ? v : alpha * (double)v) + r[i]).ToArray();
            Numerics.AssertClose(a, formula, 1e-6, 1e-6, $"fused {op} + residual");
        }
    }

    [Fact]
    public void A_weight_transformed_once_is_not_reused_for_other_values()
    {
        using var backend = new CpuBackend();
        var rng = new Random(5);
        var x = RefTensor.Random(rng, [1, 16, 8, 8]);
        using var input = Numerics.Upload(backend, x);
        for (int trial = 0; trial < 3; trial++)
        {
            // Each weight is released before the next is made, so the pool hands the same memory out again.
            var w = RefTensor.Random(rng, [16, 16, 3, 3]);
            using var weight = Numerics.Upload(backend, w);
            using var y = Ops.Conv2d(input, weight, null, 1, 1);
            var expected = ConvolutionReference.Convolution(x, w, null, [1, 1], [1, 1], 1);
            Numerics.AssertClose(y, expected, Atol(16 * 9), Rtol, $"weight {trial}");
        }
    }

    [Fact]
    public void Direct_and_Winograd_paths_agree_within_the_Winograd_bound()
    {
        var rng = new Random(8);
        var x = RefTensor.Random(rng, [1, 32, 17, 19]);
        var w = RefTensor.Random(rng, [24, 32, 3, 3]);
        float[] Run(ConvolutionAlgorithm algorithm)
        {
            using var backend = new CpuBackend(new CpuBackendOptions { Convolution = algorithm });
            using var input = Numerics.Upload(backend, x);
            using var weight = Numerics.Upload(backend, w);
            using var y = Ops.Conv2d(input, weight, null, 1, 1);
            return y.ToArray();
        }
        var direct = Run(ConvolutionAlgorithm.Direct);
        Numerics.AssertClose(Run(ConvolutionAlgorithm.Auto), direct.Select(v => (double)v).ToArray(), Atol(32 * 9), Rtol, "Winograd vs direct");
    }
}

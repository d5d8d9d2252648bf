using KDTalker.Tensors;
using Xunit;
using Xunit.Abstractions;
using static KDTalker.Tests.Gpu.SimulatorBackend;

namespace KDTalker.Tests.Gpu;

/// <summary>
/// Every ILGPU kernel on ILGPU's CPU accelerator against the managed CPU backend, element by element, on small shapes
/// chosen to hit partial tiles, partial key blocks, padding, strides, broadcasting and out-of-range sample points.
/// float32 storage: within 1e-5·(1 + |x|) (2e-5 for the long dot products). Half-precision storage: within
/// 1e-2·(1 + |x|), and the error is reported (fp16 rounds each stored value by up to 2^-11 relative).
/// </summary>
public sealed class IlgpuKernelTests(SimulatorBackend backends, ITestOutputHelper output) : IClassFixture<SimulatorBackend>
{
    private const double HalfTolerance = 1e-2;

    private void Check(string name, Func<IBackend, Tensor> op, double tolerance = 1e-5)
    {
        var (maxAbs, relative) = backends.Compare(backends.Gpu, op, tolerance);
        var (halfAbs, halfRelative) = backends.Compare(backends.HalfGpu, op, HalfTolerance);
        output.WriteLine($"{name}: fp32 max abs {maxAbs:E2}, relative {relative:E2}; fp16 storage max abs {halfAbs:E2}, relative {halfRelative:E2}");
    }

    [Fact]
    public void Copies_fills_and_downloads_follow_strides()
    {
        var data = Random(1, 2 * 3 * 5);
        Check("permuted copy", b =>
        {
            using var x = Ops.FromSpan(b, data, 2, 3, 5);
            using var permuted = x.Permute(2, 0, 1);
            return Ops.Clone(permuted);
        });
        Check("strided fill", b =>
        {
            var x = Ops.FromSpan(b, data, 2, 3, 5);
            using var column = x.Narrow(2, 1, 2);
            b.Fill(column, 7.5f);
            return x;
        });
        Check("narrowed download", b =>
        {
            using var x = Ops.FromSpan(b, data, 2, 3, 5);
            using var slice = x.Narrow(1, 1, 2);
            var host = slice.ToArray();
            return Ops.FromSpan(b, host, 2, 2, 5);
        });
    }

    [Theory]
    [InlineData(UnaryOp.Relu)]
    [InlineData(UnaryOp.LeakyRelu)]
    [InlineData(UnaryOp.Gelu)]
    [InlineData(UnaryOp.Silu)]
    [InlineData(UnaryOp.Sigmoid)]
    [InlineData(UnaryOp.Tanh)]
    [InlineData(UnaryOp.Exp)]
    [InlineData(UnaryOp.Sqrt)]
    [InlineData(UnaryOp.Abs)]
    [InlineData(UnaryOp.Square)]
    public void Unary_maps_match(UnaryOp op)
    {
        var data = Random(2, 67, 4f);
        if (op == UnaryOp.Sqrt)
            data = data.Select(Math.Abs).ToArray();
        Check(op.ToString(), b =>
        {
            using var x = Ops.FromSpan(b, data, 67);
            return Ops.Unary(x, op, 0.2f);
        });
    }

    [Fact]
    public void Affine_and_broadcast_binary_maps_match()
    {
        var a = Random(3, 2 * 3 * 4);
        var c = Random(4, 3).Select(v => v + 2f).ToArray();
        Check("affine", b =>
        {
            using var x = Ops.FromSpan(b, a, 2, 3, 4);
            return Ops.Affine(x, 1.5f, -0.25f);
        });
        foreach (var op in Enum.GetValues<BinaryOp>())
            Check(op.ToString(), b =>
            {
                using var x = Ops.FromSpan(b, a, 2, 3, 4);
                using var y = Ops.FromSpan(b, c, 3, 1);
                return Ops.Binary(x, y, op);
            });
    }

    [Fact]
    public void Reductions_and_softmax_match()
    {
        var data = Random(5, 3 * 200 * 2, 3f);
        foreach (var op in Enum.GetValues<ReduceOp>())
            Check($"{op} over a middle axis of 200", b =>
            {
                using var x = Ops.FromSpan(b, data, 3, 200, 2);
                return Ops.Reduce(x, op, [1]);
            });
        Check("softmax", b =>
        {
            using var x = Ops.FromSpan(b, data, 3, 200, 2);
            return Ops.Softmax(x, 1);
        });
    }

    [Fact]
    public void Norms_match()
    {
        var data = Random(6, 2 * 5 * 6 * 7, 2f);
        var weight = Random(7, 7).Select(v => v + 1).ToArray();
        var bias = Random(8, 7);
        var channelWeight = Random(9, 5).Select(v => v + 1).ToArray();
        var variance = Random(10, 5).Select(v => v + 1.5f).ToArray();
        Check("layer norm", b =>
        {
            using var x = Ops.FromSpan(b, data, 2, 5, 6, 7);
            using var w = Ops.FromSpan(b, weight, 7);
            using var s = Ops.FromSpan(b, bias, 7);
            return Ops.LayerNorm(x, w, s);
        });
        Check("layer norm, channels first", b =>
        {
            using var x = Ops.FromSpan(b, data, 2, 5, 6, 7);
            using var w = Ops.FromSpan(b, channelWeight, 5);
            return Ops.LayerNormChannelsFirst(x, w, null);
        });
        Check("instance norm", b =>
        {
            using var x = Ops.FromSpan(b, data, 2, 5, 6, 7);
            return Ops.InstanceNorm(x);
        });
        Check("batch norm", b =>
        {
            using var x = Ops.FromSpan(b, data, 2, 5, 6, 7);
            using var mean = Ops.FromSpan(b, bias.AsSpan(0, 5), 5);
            using var v = Ops.FromSpan(b, variance, 5);
            using var w = Ops.FromSpan(b, channelWeight, 5);
            return Ops.BatchNorm(x, mean, v, w, null);
        });
        Check("global response norm", b =>
        {
            using var x = Ops.FromSpan(b, data, 2, 5, 6, 7);
            using var gamma = Ops.FromSpan(b, weight, 7);
            using var beta = Ops.FromSpan(b, bias, 7);
            return Ops.GlobalResponseNorm(x, gamma, beta);
        });
    }

    [Theory]
    [InlineData(1, 5, 7, 9, false)]
    [InlineData(1, 70, 20, 67, true)]
    [InlineData(3, 17, 33, 65, true)]
    public void Tiled_matrix_products_match(int batch, int m, int k, int n, bool transposedB)
    {
        var a = Random(11, batch * m * k);
        var bData = Random(12, batch * k * n);
        Check($"matmul {batch}x{m}x{k}x{n}{(transposedB ? ", B transposed" : "")}", b =>
        {
            using var x = Ops.FromSpan(b, a, batch, m, k);
            using var stored = Ops.FromSpan(b, bData, transposedB ? [batch, n, k] : [batch, k, n]);
            using var y = transposedB ? stored.Transpose(1, 2) : stored.Reshape(batch, k, n);
            return Ops.MatMul(x, y);
        }, 2e-5);
        Check($"matmul {batch}x{m}x{k}x{n}, A transposed", b =>
        {
            using var stored = Ops.FromSpan(b, a, batch, k, m);
            using var x = stored.Transpose(1, 2);
            using var y = Ops.FromSpan(b, bData, batch, k, n);
            return Ops.MatMul(x, y);
        }, 2e-5);
        var bias = Random(13, n);
        Check("linear with bias", b =>
        {
            using var x = Ops.FromSpan(b, a, batch * m, k);
            using var w = Ops.FromSpan(b, bData.AsSpan(0, n * k), n, k);
            using var s = Ops.FromSpan(b, bias, n);
            return Ops.Linear(x, w, s);
        }, 2e-5);
    }

    [Theory]
    [InlineData(2, 3, 5, 9, 3, 1, 1, 1)]
    [InlineData(1, 4, 6, 11, 3, 2, 1, 2)]
    [InlineData(1, 8, 70, 5, 1, 1, 0, 1)]
    [InlineData(2, 6, 6, 10, 7, 1, 3, 6)]
    public void Convolutions_match(int batch, int inChannels, int outChannels, int size, int kernel, int stride, int padding, int groups)
    {
        var x = Random(14, batch * inChannels * size * size);
        var w = Random(15, outChannels * inChannels / groups * kernel * kernel);
        var bias = Random(16, outChannels);
        Check($"conv2d {inChannels}→{outChannels} k{kernel} s{stride} p{padding} g{groups}", b =>
        {
            using var input = Ops.FromSpan(b, x, batch, inChannels, size, size);
            using var weight = Ops.FromSpan(b, w, outChannels, inChannels / groups, kernel, kernel);
            using var shift = Ops.FromSpan(b, bias, outChannels);
            return Ops.Conv2d(input, weight, shift, stride, padding, groups);
        }, 2e-5);
    }

    [Fact]
    public void Convolution_epilogues_match_the_separate_ops()
    {
        var x = Random(24, 2 * 6 * 9 * 9);
        var w = Random(25, 6 * 6 * 3 * 3);
        var depthwise = Random(26, 6 * 3 * 3);
        var residual = Random(27, 2 * 6 * 9 * 9);
        var bias = Random(28, 6);
        var normalised = Random(29, 2 * 3 * 9 * 9);
        Tensor Conv(IBackend b, float[] weights, int groups, Func<IBackend, ConvolutionEpilogue> epilogue)
        {
            using var input = Ops.FromSpan(b, x, 2, 6, 9, 9);
            using var weight = Ops.FromSpan(b, weights, 6, 6 / groups, 3, 3);
            using var shift = Ops.FromSpan(b, bias, 6);
            return Ops.Convolution(input, weight, shift, [1, 1], [1, 1], groups, epilogue(b));
        }
        Check("conv + LeakyRelu", b => Conv(b, w, 1, _ => ConvolutionEpilogue.Activate(UnaryOp.LeakyRelu, 0.2f)), 2e-5);
        Check("conv + Relu + residual", b =>
        {
            using var r = Ops.FromSpan(b, residual, 2, 6, 9, 9);
            return Conv(b, w, 1, _ => ConvolutionEpilogue.Activate(UnaryOp.Relu).WithResidual(r));
        }, 2e-5);
        Check("depthwise + residual", b =>
        {
            using var r = Ops.FromSpan(b, residual, 2, 6, 9, 9);
            return Conv(b, depthwise, 6, _ => ConvolutionEpilogue.Add(r));
        }, 2e-5);
        Check("SPADE modulation of stacked [γ; β]", b =>
        {
            using var n = Ops.FromSpan(b, normalised, 2, 3, 9, 9);
            return Conv(b, w, 1, _ => ConvolutionEpilogue.Modulate(n));
        }, 2e-5);
    }

    [Fact]
    public void Volumetric_convolution_pooling_and_upsampling_match()
    {
        var x = Random(17, 1 * 3 * 4 * 6 * 6);
        var w = Random(18, 5 * 3 * 3 * 3 * 3);
        Check("conv3d k3 p1", b =>
        {
            using var input = Ops.FromSpan(b, x, 1, 3, 4, 6, 6);
            using var weight = Ops.FromSpan(b, w, 5, 3, 3, 3, 3);
            return Ops.Conv3d(input, weight, null, 1, 1);
        }, 2e-5);
        Check("avgpool3d", b =>
        {
            using var input = Ops.FromSpan(b, x, 1, 3, 4, 6, 6);
            return Ops.AvgPool3d(input, 1, 2, 2);
        });
        Check("avgpool2d", b =>
        {
            using var input = Ops.FromSpan(b, x, 3, 4, 6, 6);
            return Ops.AvgPool2d(input, 2);
        });
        Check("upsample3d", b =>
        {
            using var input = Ops.FromSpan(b, x, 1, 3, 4, 6, 6);
            return Ops.UpsampleNearest(input, 4, 12, 12);
        });
        Check("upsample2d", b =>
        {
            using var input = Ops.FromSpan(b, x, 3, 4, 6, 6);
            return Ops.UpsampleNearest(input, 13, 9);
        });
    }

    [Fact]
    public void Grid_sampling_matches_inside_and_outside_the_input()
    {
        var x = Random(19, 2 * 3 * 4 * 5 * 6);
        var grid3 = Random(20, 2 * 3 * 4 * 5 * 3, 1.2f);
        var grid2 = Random(21, 2 * 7 * 3 * 2, 1.2f);
        Check("trilinear", b =>
        {
            using var input = Ops.FromSpan(b, x, 2, 3, 4, 5, 6);
            using var grid = Ops.FromSpan(b, grid3, 2, 3, 4, 5, 3);
            return Ops.GridSample(input, grid);
        });
        Check("bilinear", b =>
        {
            using var input = Ops.FromSpan(b, x, 2, 12, 5, 6);
            using var grid = Ops.FromSpan(b, grid2, 2, 7, 3, 2);
            return Ops.GridSample(input, grid);
        });
    }

    [Theory]
    [InlineData(37, 8, 2, true)]
    [InlineData(5, 16, 0, false)]
    public void Fused_attention_matches(int frames, int depth, int pairs, bool bias)
    {
        const int batch = 2, heads = 3;
        // q, k, v as strided views of one (B, F, 3, H, D) projection, as the denoiser's to_qkv gives them.
        var qkv = Random(22, batch * frames * 3 * heads * depth, 2f);
        var biasData = Random(23, heads * frames * frames);
        var angles = Enumerable.Range(0, frames * Math.Max(pairs, 1)).Select(i => i / Math.Max(pairs, 1) * (0.3 + i % Math.Max(pairs, 1))).ToArray();
        var cos = angles.Select(a => (float)Math.Cos(a)).ToArray();
        var sin = angles.Select(a => (float)Math.Sin(a)).ToArray();
        Check($"attention F={frames} D={depth} rotary pairs {pairs}{(bias ? " + bias" : "")}", b =>
        {
            using var projection = Ops.FromSpan(b, qkv, batch, frames, 3, heads, depth);
            using var q = Part(projection, 0);
            using var k = Part(projection, 1);
            using var v = Part(projection, 2);
            using var table = bias ? Ops.FromSpan(b, biasData, heads, frames, frames) : null;
            using var c = pairs > 0 ? Ops.FromSpan(b, cos, frames, pairs) : null;
            using var s = pairs > 0 ? Ops.FromSpan(b, sin, frames, pairs) : null;
            return Ops.Attention(q, k, v, 1f / MathF.Sqrt(depth), table, c, s);
        }, 2e-5);
    }

    /// <summary>Part <paramref name="index"/> of (B, F, 3, H, D) as a (B, H, F, D) view.</summary>
    private static Tensor Part(Tensor projection, int index)
    {
        using var part = projection.Select(2, index);
        return part.Permute(0, 2, 1, 3);
    }
}

using KDTalker.Tensors;
using Xunit;
using Xunit.Abstractions;
using static KDTalker.Tests.Gpu.SimulatorBackend;

namespace KDTalker.Tests.Gpu;

/// <summary>
/// What the all-backends op table (tests/Ops, against float64) does not reach: strided copies, fills and downloads,
/// and the convolution epilogues (activation, residual, SPADE modulation) fused into the GPU kernels, on ILGPU's CPU
/// accelerator against the managed CPU backend element by element. float32 storage: within 1e-5·(1 + |x|) (2e-5 for
/// the convolutions). Half-precision storage: within 1e-2·(1 + |x|), and the error is reported (fp16 rounds each
/// stored value by up to 2^-11 relative).
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
}

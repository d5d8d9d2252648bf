using KDTalker.Kernels.Cpu;
using KDTalker.Tensors;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Operators;

/// <summary>
/// Convolution epilogues on the CPU backend: SPADE's modulation and activation + residual against the formula applied
/// in float64 to the plain convolution's output, and the shape checks Ops makes.
/// </summary>
public sealed class ConvolutionEpilogueTests : StorageCheckedTests
{
    private readonly CpuBackend _backend;

    public ConvolutionEpilogueTests() => _backend = Track(new CpuBackend());

    protected override void DisposeResources() => _backend.Dispose();

    [Fact]
    public void Modulation_and_activation_with_residual_follow_their_formulas()
    {
        var random = new Random(3);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        using var x = Ops.FromSpan(_backend, Values(2 * 4 * 5 * 5), 2, 4, 5, 5);
        using var weight = Ops.FromSpan(_backend, Values(6 * 4 * 3 * 3), 6, 4, 3, 3);
        using var bias = Ops.FromSpan(_backend, Values(6), 6);
        using var normalised = Ops.FromSpan(_backend, Values(2 * 3 * 5 * 5), 2, 3, 5, 5);
        using var residual = Ops.FromSpan(_backend, Values(2 * 6 * 5 * 5), 2, 6, 5, 5);
        using var plain = Ops.Convolution(x, weight, bias, [1, 1], [1, 1]);
        var z = plain.ToArray();
        var n = normalised.ToArray();
        var r = residual.ToArray();

        using var modulated = Ops.Convolution(x, weight, bias, [1, 1], [1, 1], 1, ConvolutionEpilogue.Modulate(normalised));
        Assert.Equal([2, 3, 5, 5], modulated.ShapeArray());
        var m = modulated.ToArray();
        for (int i = 0; i < m.Length; i++)
        {
            int image = i / 75, c = i / 25 % 3, p = i % 25;
            double gamma = z[(image * 6 + c) * 25 + p], beta = z[(image * 6 + 3 + c) * 25 + p];
            Assert.Equal(n[i] * (1 + gamma) + beta, m[i], 1e-6);
        }

        using var activated = Ops.Convolution(x, weight, bias, [1, 1], [1, 1], 1, ConvolutionEpilogue.Activate(UnaryOp.LeakyRelu, 0.2f).WithResidual(residual));
        var a = activated.ToArray();
        for (int i = 0; i < a.Length; i++)
            Assert.Equal((z[i] >= 0 ? z[i] : 0.2 * z[i]) + r[i], a[i], 1e-6);
    }

    [Fact]
    public void Epilogue_tensors_of_the_wrong_shape_are_rejected()
    {
        using var x = Ops.Zeros(_backend, 1, 4, 5, 5);
        using var weight = Ops.Zeros(_backend, 6, 4, 3, 3);
        using var wrong = Ops.Zeros(_backend, 1, 6, 4, 4);
        var residual = Assert.Throws<ArgumentException>(() => Ops.Convolution(x, weight, null, [1, 1], [1, 1], 1, ConvolutionEpilogue.Add(wrong)));
        Assert.Contains("residual", residual.Message);
        var modulation = Assert.Throws<ArgumentException>(() => Ops.Convolution(x, weight, null, [1, 1], [1, 1], 1, ConvolutionEpilogue.Modulate(wrong)));
        Assert.Contains("SPADE", modulation.Message);
    }
}

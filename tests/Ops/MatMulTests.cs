using KDTalker.Tensors;
using KDTalker.Tests.Reference;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Operators;

/// <summary>
/// GEMM against float64. Tolerance: float32 rounding of K products grows like √K·ε·Σ|a||b|; with inputs in
/// [−1, 1] we allow atol = 2e-6·K + 1e-5 and rtol = 1e-5.
/// </summary>
public class MatMulTests
{
    private static double Atol(int k) => 2e-6 * k + 1e-5;

    public static TheoryData<string, int, int, int> Shapes()
    {
        var data = new TheoryData<string, int, int, int>();
        foreach (var backend in TestBackends.All)
            foreach (var (m, n, k) in new[] { (1, 1, 1), (5, 17, 1), (7, 13, 67), (67, 130, 257), (150, 35, 300), (6, 16, 256), (13, 4100, 390) })
                data.Add(backend, m, n, k);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatMul_matches_float64_on_odd_shapes_that_cross_block_edges(string backendName, int m, int n, int k)
    {
        using var backend = TestBackends.Create(backendName);
        var random = new Random(m * 1000 + n * 7 + k);
        var a = RefTensor.Random(random, [m, k]);
        var b = RefTensor.Random(random, [k, n]);
        using var left = Numerics.Upload(backend, a);
        using var right = Numerics.Upload(backend, b);
        using var product = Ops.MatMul(left, right);
        Numerics.AssertClose(product, LinearAlgebraReference.MatMul(a, b), Atol(k), 1e-5, $"matmul {m}x{n}x{k}");
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void Batched_matmul_broadcasts_batch_dims_and_reads_transposed_views(string backendName)
    {
        using var backend = TestBackends.Create(backendName);
        var random = new Random(3);
        var a = RefTensor.Random(random, [2, 3, 9, 20]);
        var b = RefTensor.Random(random, [3, 20, 11]);
        using var left = Numerics.Upload(backend, a);
        using var right = Numerics.UploadStrided(backend, b); // a transposed view in memory
        Assert.False(right.IsContiguous);
        using var product = Ops.MatMul(left, right);
        Numerics.AssertClose(product, LinearAlgebraReference.MatMul(a, b), Atol(20), 1e-5, "batched matmul");
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void Linear_applies_the_transposed_weight_and_bias_to_every_row(string backendName)
    {
        using var backend = TestBackends.Create(backendName);
        var random = new Random(5);
        var x = RefTensor.Random(random, [2, 33, 70]);
        var weight = RefTensor.Random(random, [41, 70]);
        var bias = RefTensor.Random(random, [41]);
        using var input = Numerics.Upload(backend, x);
        using var w = Numerics.Upload(backend, weight);
        using var bb = Numerics.Upload(backend, bias);
        using var y = Ops.Linear(input, w, bb);
        Numerics.AssertClose(y, LinearAlgebraReference.Linear(x, weight, bias), Atol(70), 1e-5, "linear");
        using var noBias = Ops.Linear(input, w, null);
        Numerics.AssertClose(noBias, LinearAlgebraReference.Linear(x, weight, null), Atol(70), 1e-5, "linear without bias");
    }

    [Fact]
    public void Matmul_with_empty_inner_dimension_is_the_zero_matrix()
    {
        using var backend = TestBackends.Create("Vector256/1".Replace("Vector256", CpuBest()));
        using var a = Ops.Zeros(backend, 3, 0);
        using var b = Ops.Zeros(backend, 0, 4);
        using var product = Ops.MatMul(a, b);
        Assert.Equal(new float[12], product.ToArray());
    }

    private static string CpuBest() => KDTalker.Kernels.Cpu.CpuFeatures.Best.ToString();
}

using System.Runtime.Intrinsics.X86;
using KDTalker.Kernels.Cpu;
using KDTalker.Kernels.Cpu.Gemm;
using KDTalker.Tensors;
using KDTalker.Tests.Reference;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Operators;

public class MatMulTests : StorageCheckedTests
{
    // Inputs are uniform in [-1, 1); a float32 dot product of length K accumulates rounding error
    // that grows like sqrt(K)·eps·|terms|, so the bound is 1e-5·sqrt(K) absolute + 1e-4 relative.
    private static double Atol(int k) => 1e-5 * Math.Sqrt(Math.Max(k, 1)) + 1e-5;

    private const double Rtol = 1e-4;

    public static TheoryData<string, int, int, int> Shapes()
    {
        var data = new TheoryData<string, int, int, int>();
        int[][] shapes = [[1, 1, 1], [5, 17, 1], [17, 5, 3], [6, 16, 8], [67, 130, 33], [1, 67, 130], [130, 1, 67], [13, 31, 300]];
        foreach (var backend in TestBackends.All)
            foreach (var s in shapes)
                data.Add(backend, s[0], s[1], s[2]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatMul_of_odd_sizes_matches_the_float64_product(string backendName, int m, int n, int k)
    {
        using var backend = CreateBackend(backendName);
        var rng = new Random(m * 1000 + n * 10 + k);
        var a = RefTensor.Random(rng, [m, k]);
        var b = RefTensor.Random(rng, [k, n]);
        using var left = Numerics.Upload(backend, a);
        using var right = Numerics.Upload(backend, b);
        using var product = Ops.MatMul(left, right);
        Numerics.AssertClose(product, LinearAlgebraReference.MatMul(a, b), Atol(k), Rtol, $"{m}x{n}x{k}");
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void MatMul_reads_transposed_views_in_place(string backendName)
    {
        using var backend = CreateBackend(backendName);
        var rng = new Random(7);
        var a = RefTensor.Random(rng, [2, 19, 37]);
        var b = RefTensor.Random(rng, [2, 37, 23]);
        using var left = Numerics.UploadStrided(backend, a);
        using var right = Numerics.UploadStrided(backend, b);
        Assert.False(left.IsContiguous);
        Assert.False(right.IsContiguous);
        using var product = Ops.MatMul(left, right);
        Numerics.AssertClose(product, LinearAlgebraReference.MatMul(a, b), Atol(37), Rtol, "transposed operands");
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void MatMul_broadcasts_batch_dimensions(string backendName)
    {
        using var backend = CreateBackend(backendName);
        var rng = new Random(11);
        // (3, 1, 9, 21) · (4, 21, 14): batch (3, 1) against (4) gives (3, 4); the right operand is a stride-0 view.
        var a = RefTensor.Random(rng, [3, 1, 9, 21]);
        var b = RefTensor.Random(rng, [4, 21, 14]);
        using var left = Numerics.Upload(backend, a);
        using var right = Numerics.Upload(backend, b);
        using var product = Ops.MatMul(left, right);
        Numerics.AssertClose(product, LinearAlgebraReference.MatMul(a, b), Atol(21), Rtol, "broadcast batch");
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void MatMul_of_many_attention_heads_matches(string backendName)
    {
        using var backend = CreateBackend(backendName);
        var rng = new Random(12);
        var q = RefTensor.Random(rng, [12, 66, 64]);
        var kT = RefTensor.Random(rng, [12, 64, 66]);
        using var left = Numerics.Upload(backend, q);
        using var right = Numerics.UploadStrided(backend, kT);
        using var scores = Ops.MatMul(left, right);
        Numerics.AssertClose(scores, LinearAlgebraReference.MatMul(q, kT), Atol(64), Rtol, "attention scores");
    }

    [Theory]
    [MemberData(nameof(TestBackends.Cpu), MemberType = typeof(TestBackends))] // the CPU GEMM's cache blocks; [67, 130, 33] crosses the GPU's tiles
    public void MatMul_crossing_every_cache_block_matches(string backendName)
    {
        using var backend = CreateBackend(backendName);
        var rng = new Random(13);
        // M > MC (144), K > KC (256) and N > NC (4096) so every block loop runs more than once with ragged ends.
        var a = RefTensor.Random(rng, [151, 263]);
        var b = RefTensor.Random(rng, [263, 4099]);
        using var left = Numerics.Upload(backend, a);
        using var right = Numerics.Upload(backend, b);
        using var product = Ops.MatMul(left, right);
        Numerics.AssertClose(product, FastReference(a, b), Atol(263), Rtol, "151x4099x263");
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void Linear_with_bias_on_a_rank3_input_matches_nn_Linear(string backendName)
    {
        using var backend = CreateBackend(backendName);
        var rng = new Random(14);
        var x = RefTensor.Random(rng, [2, 33, 45]);
        var weight = RefTensor.Random(rng, [70, 45]);
        var bias = RefTensor.Random(rng, [70]);
        using var input = Numerics.Upload(backend, x);
        using var w = Numerics.Upload(backend, weight);
        using var b = Numerics.Upload(backend, bias);
        using var y = Ops.Linear(input, w, b);
        Numerics.AssertClose(y, LinearAlgebraReference.Linear(x, weight, bias), Atol(45), Rtol, "linear + bias");
        using var noBias = Ops.Linear(input, w, null);
        Numerics.AssertClose(noBias, LinearAlgebraReference.Linear(x, weight, null), Atol(45), Rtol, "linear");
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void MatMul_with_an_empty_inner_dimension_gives_zeros(string backendName)
    {
        using var backend = CreateBackend(backendName);
        using var left = Ops.FromSpan(backend, ReadOnlySpan<float>.Empty, 3, 0);
        using var right = Ops.FromSpan(backend, ReadOnlySpan<float>.Empty, 0, 5);
        using var product = Ops.MatMul(left, right);
        Numerics.AssertClose(product, LinearAlgebraReference.MatMul(new RefTensor([3, 0]), new RefTensor([0, 5])), 0, 0, "K = 0");
    }

    public static TheoryData<string> MicroKernels()
    {
        var data = new TheoryData<string> { "4x4", "6x8" };
        if (Fma.IsSupported && Avx2.IsSupported)
            data.Add("6x16");
        if (Avx512F.IsSupported)
            data.Add("6x32");
        return data;
    }

    /// <summary>
    /// The SIMD level picks one micro-kernel per machine (Vector256 runs 6x32 where AVX-512 is fast), so
    /// each kernel this CPU can execute is also driven directly: ragged edges, two depth blocks, both biases.
    /// </summary>
    [Theory]
    [MemberData(nameof(MicroKernels))]
    public unsafe void Every_micro_kernel_this_cpu_runs_matches(string kernel)
    {
        using var backend = Track(new CpuBackend(new CpuBackendOptions { Threads = 3 }));
        var rng = new Random(16);
        int m = 37, n = 75, k = 300;
        var a = RefTensor.Random(rng, [m, k]);
        var b = RefTensor.Random(rng, [k, n]);
        var rowBias = RefTensor.Random(rng, [m]);
        var columnBias = RefTensor.Random(rng, [n]);
        using var left = Numerics.Upload(backend, a);
        using var right = Numerics.UploadStrided(backend, b);
        using var rows = Numerics.Upload(backend, rowBias);
        using var columns = Numerics.Upload(backend, columnBias);
        using var product = backend.Empty([m, n]);
        var leftMatrix = new StridedMatrix(backend.Pointer(left), k, 1);
        var rightMatrix = new StridedMatrix(backend.Pointer(right), right.Strides[0], right.Strides[1]);
        var output = new GemmOutput(backend.Pointer(product), n, backend.Pointer(rows), backend.Pointer(columns));
        switch (kernel)
        {
            case "4x4": BlockedGemm<MicroKernel4x4, StridedMatrix>.Run(backend, true, leftMatrix, rightMatrix, m, n, k, output); break;
            case "6x8": BlockedGemm<MicroKernel6x8, StridedMatrix>.Run(backend, true, leftMatrix, rightMatrix, m, n, k, output); break;
            case "6x16": BlockedGemm<MicroKernel6x16, StridedMatrix>.Run(backend, true, leftMatrix, rightMatrix, m, n, k, output); break;
            default: BlockedGemm<MicroKernel6x32, StridedMatrix>.Run(backend, true, leftMatrix, rightMatrix, m, n, k, output); break;
        }
        var expected = LinearAlgebraReference.MatMul(a, b);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                expected[i, j] += rowBias.Data[i] + columnBias.Data[j];
        Numerics.AssertClose(product, expected, Atol(k), Rtol, $"micro-kernel {kernel}");
    }

    /// <summary>The same float64 product as the reference, with the loops ordered for speed on a big case.</summary>
    private static RefTensor FastReference(RefTensor a, RefTensor b)
    {
        int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        var c = new RefTensor([m, n]);
        Parallel.For(0, m, i =>
        {
            for (int p = 0; p < k; p++)
            {
                double av = a.Data[i * k + p];
                for (int j = 0; j < n; j++)
                    c.Data[i * n + j] += av * b.Data[p * n + j];
            }
        });
        return c;
    }
}

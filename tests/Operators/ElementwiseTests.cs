using KDTalker.Tensors;
using KDTalker.Tests.Reference;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Operators;

/// <summary>
/// Element-wise ops against float64 on every backend. Tolerances: exact ops (relu, abs, add...) 0; exp-based
/// functions rtol 4e-7 + atol 1e-7 (a few ulp of the polynomial exp); GELU atol 1e-6 (erf to 1.2e-7).
/// </summary>
public class ElementwiseTests : StorageCheckedTests
{
    public static TheoryData<string, UnaryOp> UnaryCases()
    {
        var data = new TheoryData<string, UnaryOp>();
        foreach (var backend in TestBackends.All)
            foreach (var op in Enum.GetValues<UnaryOp>())
                data.Add(backend, op);
        return data;
    }

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void Unary_functions_match_float64_over_a_wide_range(string backendName, UnaryOp op)
    {
        using var backend = CreateBackend(backendName);
        // 37 × 2111 elements: odd sizes, above the parallel chunk size, values in [−10, 10] (sqrt: [0, 100]).
        var x = RefTensor.Random(new Random((int)op), [37, 2111], op == UnaryOp.Sqrt ? 0 : -10, op == UnaryOp.Sqrt ? 100 : 10);
        using var input = Numerics.UploadStrided(backend, x);
        float alpha = 0.2f;
        using var y = Ops.Unary(input, op, alpha);
        var (atol, rtol) = op switch
        {
            UnaryOp.Relu or UnaryOp.LeakyRelu or UnaryOp.Abs => (0.0, 1e-7),
            UnaryOp.Square or UnaryOp.Sqrt => (0.0, 1.2e-7),
            UnaryOp.Gelu => (1e-6, 1e-6),
            _ => (1e-7, 4e-7),
        };
        Numerics.AssertClose(y, ElementwiseReference.Map(x, v => ElementwiseReference.Unary(op, v, alpha)), atol, rtol, op.ToString());
    }

    [Theory]
    [MemberData(nameof(TestBackends.Float32Storage), MemberType = typeof(TestBackends))] // half storage rounds away the 4e-4 that tells the forms apart
    public void Gelu_uses_the_exact_erf_form(string backendName)
    {
        using var backend = CreateBackend(backendName);
        // tanh-approximation GELU differs from the exact form by up to ~4e-4 near |x| = 2; exact must be within 1e-6.
        float[] points = [-3f, -2.1f, -0.5f, 1e-3f, 0.7f, 2f, 5f];
        using var x = Ops.FromSpan(backend, points, points.Length);
        using var y = Ops.Gelu(x);
        Numerics.AssertClose(y.ToArray(), points.Select(v => 0.5 * v * (1 + ElementwiseReference.Erf(v / Math.Sqrt(2)))).ToArray(), 1e-6, 1e-6, "gelu");
    }

    public static TheoryData<string, BinaryOp, string> BinaryCases()
    {
        var data = new TheoryData<string, BinaryOp, string>();
        string[] shapes = ["2,1,5|3,1", "7,33|7,33", "4,9,17|17", "1|6,5", "3,1,8|1,4,1", "2,3,41|2,1,41"];
        foreach (var backend in TestBackends.All)
            foreach (var op in Enum.GetValues<BinaryOp>())
                foreach (var shape in shapes)
                    data.Add(backend, op, shape);
        return data;
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void Binary_ops_broadcast_like_numpy(string backendName, BinaryOp op, string shapes)
    {
        using var backend = CreateBackend(backendName);
        var parts = shapes.Split('|').Select(s => s.Split(',').Select(int.Parse).ToArray()).ToArray();
        var random = new Random(shapes.Length);
        var a = RefTensor.Random(random, parts[0]);
        var b = RefTensor.Random(random, parts[1], 0.5, 2); // away from 0 for division
        using var left = Numerics.UploadStrided(backend, a);
        using var right = Numerics.Upload(backend, b);
        using var c = Ops.Binary(left, right, op);
        Numerics.AssertClose(c, ElementwiseReference.Broadcast(a, b, (x, y) => ElementwiseReference.Binary(op, x, y)), 1e-7, 1.2e-7, $"{op} {shapes}");
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void Affine_scales_and_shifts(string backendName)
    {
        using var backend = CreateBackend(backendName);
        var x = RefTensor.Random(new Random(9), [5, 77]);
        using var input = Numerics.UploadStrided(backend, x);
        using var y = Ops.Affine(input, 3.5f, -0.25f);
        Numerics.AssertClose(y, ElementwiseReference.Map(x, v => v * 3.5 - 0.25), 1e-7, 1e-7, "affine");
    }
}

using KDTalker.Tensors;
using KDTalker.Tests.Reference;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Operators;

/// <summary>Fused attention against the float64 two-pass reference: atol 2e-6, rtol 1e-5 (float32 dot products of ≤ 64 terms).</summary>
public class AttentionTests : StorageCheckedTests
{
    public static TheoryData<string, int, int, bool, int> Cases()
    {
        var data = new TheoryData<string, int, int, bool, int>();
        foreach (var backend in TestBackends.All)
        {
            data.Add(backend, 66, 66, true, 64);  // the denoiser's shape: 2 + 64 frames over two key blocks, 64-wide heads
            data.Add(backend, 5, 131, false, 20); // few queries, keys across three blocks, an odd head size
            data.Add(backend, 17, 3, true, 20);   // a tiny key set
            data.Add(backend, 40, 150, true, 64); // 64-wide heads with an odd key count in the last block
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Attention_with_rotary_and_bias_matches_float64(string backendName, int queries, int keys, bool rotary, int depth)
    {
        using var backend = CreateBackend(backendName);
        var rng = new Random(queries * 31 + keys);
        const int batch = 2, heads = 3, pairs = 3;
        // q, k, v as slices of one packed projection (B, F, 3, H, D), like to_qkv's output split "(h d)".
        var packed = RefTensor.Random(rng, [batch, Math.Max(queries, keys), 3, heads, depth], -2, 2);
        var q = Slice(packed, 0, queries);
        var k = Slice(packed, 1, keys);
        var v = Slice(packed, 2, keys);
        var bias = RefTensor.Random(rng, [heads, queries, keys], -1, 1);
        var (cos, sin) = RotaryTables(Math.Max(queries, keys), pairs);

        using var packedTensor = Numerics.Upload(backend, packed);
        using var qView = View(packedTensor, 0, queries);
        using var kView = View(packedTensor, 1, keys);
        using var vView = View(packedTensor, 2, keys);
        using var biasTensor = Numerics.Upload(backend, bias);
        using var cosTensor = rotary ? Numerics.Upload(backend, cos) : null;
        using var sinTensor = rotary ? Numerics.Upload(backend, sin) : null;
        using var output = Ops.Attention(qView, kView, vView, 0.125f, biasTensor, cosTensor, sinTensor);

        var expected = AttentionReference.Attention(q, k, v, 0.125, bias, rotary ? cos : null, rotary ? sin : null);
        Numerics.AssertClose(output, expected, 2e-6, 1e-5, $"attention {queries}x{keys} rotary={rotary}");
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void Attention_is_stable_when_scores_are_huge(string backendName)
    {
        using var backend = CreateBackend(backendName);
        var rng = new Random(3);
        // Scores of several hundred overflow exp in float32 unless the running maximum is subtracted; the
        // largest score sits in the last key block, forcing a rescale of everything accumulated before it.
        var q = RefTensor.Random(rng, [1, 2, 4, 16], -1, 1);
        var k = RefTensor.Random(rng, [1, 2, 150, 16], -1, 1);
        var v = RefTensor.Random(rng, [1, 2, 150, 16], -1, 1);
        var bias = RefTensor.Random(rng, [2, 4, 150], 0, 400);
        for (int h = 0; h < 2; h++)
            for (int i = 0; i < 4; i++)
                bias[h, i, 140] = 800;
        using var qTensor = Numerics.Upload(backend, q);
        using var kTensor = Numerics.Upload(backend, k);
        using var vTensor = Numerics.Upload(backend, v);
        using var biasTensor = Numerics.Upload(backend, bias);
        using var output = Ops.Attention(qTensor, kTensor, vTensor, 1f, biasTensor);
        Numerics.AssertClose(output, AttentionReference.Attention(q, k, v, 1, bias, null, null), 1e-6, 1e-5, "attention with scores ≈ 800");
    }

    [Fact]
    public void Attention_rejects_mismatched_operands()
    {
        using var backend = CreateBackend("Scalar/1");
        using var q = Ops.Zeros(backend, 1, 2, 4, 8);
        using var k = Ops.Zeros(backend, 1, 2, 5, 8);
        using var v = Ops.Zeros(backend, 1, 2, 6, 8);
        using var bias = Ops.Zeros(backend, 2, 4, 4);
        Assert.Contains("k and v", Assert.Throws<ArgumentException>(() => Ops.Attention(q, k, v, 1f)).Message);
        Assert.Contains("bias", Assert.Throws<ArgumentException>(() => Ops.Attention(q, k, k, 1f, bias)).Message);
    }

    private static RefTensor Slice(RefTensor packed, int part, int rows)
    {
        int batch = packed.Shape[0], heads = packed.Shape[3], depth = packed.Shape[4];
        var result = new RefTensor([batch, heads, rows, depth]);
        for (int b = 0; b < batch; b++)
            for (int h = 0; h < heads; h++)
                for (int i = 0; i < rows; i++)
                    for (int f = 0; f < depth; f++)
                        result[b, h, i, f] = packed[b, i, part, h, f];
        return result;
    }

    private static Tensor View(Tensor packed, int part, int rows)
    {
        using var narrowed = packed.Narrow(1, 0, rows);
        using var selected = narrowed.Select(2, part);
        return selected.Permute(0, 2, 1, 3);
    }

    private static (RefTensor Cos, RefTensor Sin) RotaryTables(int positions, int pairs)
    {
        var cos = new RefTensor([positions, pairs]);
        var sin = new RefTensor([positions, pairs]);
        for (int p = 0; p < positions; p++)
            for (int m = 0; m < pairs; m++)
            {
                float angle = p * MathF.Pow(10000f, -2f * m / (2 * pairs));
                cos[p, m] = (float)Math.Cos(angle);
                sin[p, m] = (float)Math.Sin(angle);
            }
        return (cos, sin);
    }
}

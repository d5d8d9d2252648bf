namespace KDTalker.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Matrix product of the last two axes, batched over the leading ones with broadcasting
    /// (torch.matmul for rank ≥ 2): (..., M, K) · (..., K, N) → (..., M, N). Transposed views need no copy.
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        SameBackend(a, b, "The right operand");
        if (a.Rank < 2 || b.Rank < 2)
            throw new ArgumentException($"MatMul needs rank ≥ 2 operands, got {a} and {b}.");
        int m = a.Shape[^2], k = a.Shape[^1], n = b.Shape[^1];
        if (b.Shape[^2] != k)
            throw new ArgumentException($"MatMul: inner dimensions differ, {a} · {b} ({k} vs {b.Shape[^2]}).");
        var batch = ShapeMath.BroadcastShape(a.Shape[..^2], b.Shape[..^2]);
        using var left = a.Expand([.. batch, m, k]);
        using var right = b.Expand([.. batch, k, n]);
        return a.Backend.MatMul(left, right, null);
    }

    /// <summary>nn.Linear: y = x·Wᵀ + b, with x (..., in), weight (out, in) and bias (out) or null.</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        SameBackend(x, weight, "The weight");
        SameBackend(x, bias, "The bias");
        RequireRank(weight, 2, "Linear", "weight (out, in)");
        int outFeatures = weight.Shape[0], inFeatures = weight.Shape[1];
        if (x.Rank < 1 || x.Shape[^1] != inFeatures)
            throw new ArgumentException($"Linear: input {x} does not end in {inFeatures} features (weight {weight}).");
        RequireVector(bias, outFeatures, "Linear", "bias");
        int rows = ShapeMath.Product(x.Shape, 0, x.Rank - 1);
        using var flat = x.Reshape(rows, inFeatures);
        using var transposed = weight.Transpose(0, 1);
        using var biasVector = ContiguousOrNull(bias);
        using var result = x.Backend.MatMul(flat, transposed, biasVector);
        return result.View([.. x.Shape[..^1], outFeatures]);
    }
}

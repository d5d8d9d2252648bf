namespace KDTalker.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Multi-head scaled dot-product attention, fused (see <see cref="IBackend.Attention"/>): q (B, H, Fq, D),
    /// k and v (B, H, Fk, D), optional additive bias (H, Fq, Fk) shared by the batch, optional rotary tables
    /// (F, P) applied to q·scale and k in the kernel's prologue. Returns (B, Fq, H, D).
    /// </summary>
    public static Tensor Attention(Tensor q, Tensor k, Tensor v, float scale, Tensor? bias = null, Tensor? rotaryCos = null, Tensor? rotarySin = null)
    {
        SameBackend(q, k, "The keys");
        SameBackend(q, v, "The values");
        SameBackend(q, bias, "The bias");
        SameBackend(q, rotaryCos, "The rotary cosines");
        SameBackend(q, rotarySin, "The rotary sines");
        RequireRank(q, 4, "Attention", "q (B, H, Fq, D)");
        RequireRank(k, 4, "Attention", "k (B, H, Fk, D)");
        RequireRank(v, 4, "Attention", "v (B, H, Fk, D)");
        int batch = q.Shape[0], heads = q.Shape[1], queries = q.Shape[2], depth = q.Shape[3], keys = k.Shape[2];
        if (k.Shape[0] != batch || k.Shape[1] != heads || k.Shape[3] != depth || !v.Shape.SequenceEqual(k.Shape))
            throw new ArgumentException($"Attention: q {q}, k {k} and v {v} must agree on batch, heads and head size, and k and v on every axis.");
        if (keys == 0)
            throw new ArgumentException("Attention needs at least one key.");
        if (bias is not null && !bias.Shape.SequenceEqual([heads, queries, keys]))
            throw new ArgumentException($"Attention: bias {bias} must be (heads {heads}, queries {queries}, keys {keys}).");
        if ((rotaryCos is null) != (rotarySin is null))
            throw new ArgumentException("Attention: give both rotary tables or neither.");
        if (rotaryCos is not null)
        {
            RequireRank(rotaryCos, 2, "Attention", "rotary cosines (positions, pairs)");
            if (!rotarySin!.Shape.SequenceEqual(rotaryCos.Shape))
                throw new ArgumentException($"Attention: rotary tables differ in shape, {rotaryCos} vs {rotarySin}.");
            if (rotaryCos.Shape[0] < Math.Max(queries, keys) || 2 * rotaryCos.Shape[1] > depth)
                throw new ArgumentException($"Attention: rotary tables {rotaryCos} must cover {Math.Max(queries, keys)} positions and at " +
                    $"most {depth / 2} pairs.");
        }
        using var query = UnitLastStride(q);
        using var key = UnitLastStride(k);
        using var value = UnitLastStride(v);
        using var biasTable = ContiguousOrNull(bias);
        using var cos = ContiguousOrNull(rotaryCos);
        using var sin = ContiguousOrNull(rotarySin);
        return q.Backend.Attention(query, key, value, scale, biasTable, cos, sin);
    }

    // A new view when the rows are already unit-stride (the kernel takes the other strides as they are), else a copy.
    private static Tensor UnitLastStride(Tensor x) => x.Strides[^1] == 1 ? x.Permute(0, 1, 2, 3) : x.Contiguous();
}

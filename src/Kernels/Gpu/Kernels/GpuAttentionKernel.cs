using ILGPU;
using ILGPU.Algorithms;

namespace KDTalker.Kernels.Gpu.Kernels;

/// <summary>
/// Fused multi-head attention for the diffusion transformer, one kernel: a group of <see cref="Queries"/> threads
/// takes one (batch, head) and one query each. Per block of <see cref="Keys"/> keys the group stages the keys —
/// rotated in this prologue (interleaved rotary pairs) — and the values in shared memory; each thread computes its
/// scores (+ relative-position bias), updates a running maximum and sum (the online softmax: the accumulator is
/// rescaled once per block when the maximum grows) and accumulates the weighted values. No score matrix is stored.
/// </summary>
internal static class GpuAttentionKernel
{
    public const int Queries = 32, Keys = 32, MaxDepth = 128;

    /// <summary>Launch with groups of <see cref="Queries"/> threads over (⌈Fq/32⌉, heads, batch).</summary>
    public static void Attend<T, E>(ArrayView<T> q, ArrayView<T> k, ArrayView<T> v, ArrayView<T> bias, ArrayView<T> cos, ArrayView<T> sin,
        ArrayView<T> output, AttentionShape s)
        where T : unmanaged where E : struct, IElement<T>
    {
        var keyTile = SharedMemory.Allocate<float>(Keys * MaxDepth);
        var valueTile = SharedMemory.Allocate<float>(Keys * MaxDepth);
        var query = LocalMemory.Allocate<float>(MaxDepth);
        var accumulator = LocalMemory.Allocate<float>(MaxDepth);
        var scores = LocalMemory.Allocate<float>(Keys);
        int t = Group.IdxX, i = Grid.IdxX * Queries + t, head = Grid.IdxY, item = Grid.IdxZ, depth = s.Depth;
        bool active = i < s.Queries;
        int qBase = s.Q.Offset + item * s.Q.BatchStride + head * s.Q.HeadStride + i * s.Q.RowStride;
        int kBase = s.K.Offset + item * s.K.BatchStride + head * s.K.HeadStride;
        int vBase = s.V.Offset + item * s.V.BatchStride + head * s.V.HeadStride;
        for (int f = 0; f < depth; f++)
        {
            query[f] = active ? Rotated<T, E>(q, qBase, f, i, s.Pairs, s.Scale, cos, sin) : 0f;
            accumulator[f] = 0f;
        }
        float maximum = float.NegativeInfinity, total = 0f;
        for (int start = 0; start < s.Keys; start += Keys)
        {
            int count = XMath.Min(Keys, s.Keys - start);
            for (int e = t; e < count * depth; e += Queries)
            {
                int j = e / depth, f = e % depth, key = start + j;
                keyTile[j * MaxDepth + f] = Rotated<T, E>(k, kBase + key * s.K.RowStride, f, key, s.Pairs, 1f, cos, sin);
                valueTile[j * MaxDepth + f] = default(E).Load(v[vBase + key * s.V.RowStride + f]);
            }
            Group.Barrier();
            if (active)
            {
                float blockMaximum = float.NegativeInfinity;
                for (int j = 0; j < count; j++)
                {
                    float score = 0f;
                    for (int f = 0; f < depth; f++)
                        score += query[f] * keyTile[j * MaxDepth + f];
                    if (s.HasBias != 0)
                        score += default(E).Load(bias[(head * s.Queries + i) * s.Keys + start + j]);
                    scores[j] = score;
                    blockMaximum = XMath.Max(blockMaximum, score);
                }
                if (blockMaximum > maximum)
                {
                    float rescale = XMath.Exp(maximum - blockMaximum);
                    total *= rescale;
                    for (int f = 0; f < depth; f++)
                        accumulator[f] *= rescale;
                    maximum = blockMaximum;
                }
                for (int j = 0; j < count; j++)
                {
                    float weight = XMath.Exp(scores[j] - maximum);
                    total += weight;
                    for (int f = 0; f < depth; f++)
                        accumulator[f] += weight * valueTile[j * MaxDepth + f];
                }
            }
            Group.Barrier();
        }
        if (!active)
            return;
        float inverse = 1f / total;
        int target = ((item * s.Queries + i) * s.Heads + head) * depth;
        for (int f = 0; f < depth; f++)
            output[target + f] = default(E).Store(accumulator[f] * inverse);
    }

    /// <summary>
    /// Feature <paramref name="f"/> of the row at <paramref name="rowBase"/> times <paramref name="scale"/>, rotated for
    /// position <paramref name="position"/>: (x₂ₘ, x₂ₘ₊₁) → (x₂ₘ·cos − x₂ₘ₊₁·sin, x₂ₘ₊₁·cos + x₂ₘ·sin)
    /// for m &lt; pairs.
    /// </summary>
    private static float Rotated<T, E>(ArrayView<T> x, int rowBase, int f, int position, int pairs, float scale, ArrayView<T> cos, ArrayView<T> sin)
        where T : unmanaged where E : struct, IElement<T>
    {
        if (f >= 2 * pairs)
            return default(E).Load(x[rowBase + f]) * scale;
        int m = f / 2;
        var e = default(E);
        float even = e.Load(x[rowBase + 2 * m]) * scale, odd = e.Load(x[rowBase + 2 * m + 1]) * scale;
        float c = e.Load(cos[position * pairs + m]), s = e.Load(sin[position * pairs + m]);
        return f % 2 == 0 ? even * c - odd * s : odd * c + even * s;
    }
}

/// <summary>A (B, H, F, D) operand's offset and strides (its feature stride is 1).</summary>
internal struct AttentionOperand
{
    public int Offset, BatchStride, HeadStride, RowStride;
}

/// <summary>The sizes of one attention call; Pairs = 0 means no rotary embedding.</summary>
internal struct AttentionShape
{
    public int Batch, Heads, Queries, Keys, Depth, Pairs, HasBias;
    public float Scale;
    public AttentionOperand Q, K, V;
}

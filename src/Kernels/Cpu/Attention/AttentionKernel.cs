using System.Runtime.CompilerServices;
using KDTalker.Kernels.Cpu.Gemm;

namespace KDTalker.Kernels.Cpu.Attention;

/// <summary>
/// Fused attention for one (batch, head) pair at a time, a block of query rows per task. Prologue: rotate the
/// first 2P features of every key once (rotary, interleaved pairs); per query row, scale then rotate q. Main
/// loop: the online ("flash") softmax over blocks of keys — scores of a block, one rescale of the running
/// sum and accumulator when the maximum grows, then the exponentials and the weighted sum of values — so no
/// F×F score matrix is ever stored and each row is read once.
/// </summary>
internal static unsafe class AttentionKernel
{
    private const int QueryBlock = 16, KeyBlock = 64;

    /// <summary>Strided view of one (B, H, F, D) operand with unit feature stride.</summary>
    internal readonly struct Operand(float* data, int batchStride, int headStride, int rowStride)
    {
        public readonly float* Data = data;
        public readonly int BatchStride = batchStride, HeadStride = headStride, RowStride = rowStride;
    }

    /// <summary>The shapes of one call; Pairs = 0 means no rotary embedding.</summary>
    internal readonly record struct Shape(int Batch, int Heads, int Queries, int Keys, int Depth, int Pairs);

    public static void Run(CpuBackend backend, Shape shape, Operand q, Operand k, Operand v, float scale,
        float* bias, float* cos, float* sin, int tablePairs, float* output)
    {
        int queryBlocks = (shape.Queries + QueryBlock - 1) / QueryBlock;
        int rotated = 2 * shape.Pairs;
        var simd = backend.Simd;
        backend.For(shape.Batch * shape.Heads * queryBlocks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (task) =>
        {
            int block = task % queryBlocks, head = task / queryBlocks % shape.Heads, item = task / queryBlocks / shape.Heads;
            int depth = shape.Depth, keys = shape.Keys;
            using var scratch = new ScratchBuffer(backend, (long)keys * rotated + 2 * depth + KeyBlock);
            float* keyRotated = scratch.Pointer, query = keyRotated + (long)keys * rotated, accumulator = query + depth, scores = accumulator + depth;
            float* qBase = q.Data + (long)item * q.BatchStride + (long)head * q.HeadStride;
            float* kBase = k.Data + (long)item * k.BatchStride + (long)head * k.HeadStride;
            float* vBase = v.Data + (long)item * v.BatchStride + (long)head * v.HeadStride;
            for (int j = 0; j < keys; j++)
                Rotate(kBase + (long)j * k.RowStride, keyRotated + (long)j * rotated, shape.Pairs, cos + (long)j * tablePairs, sin + (long)j * tablePairs);

            int first = block * QueryBlock, last = Math.Min(shape.Queries, first + QueryBlock);
            for (int i = first; i < last; i++)
            {
                float* qRow = qBase + (long)i * q.RowStride;
                for (int f = 0; f < depth; f++)
                    query[f] = qRow[f] * scale;
                Rotate(query, query, shape.Pairs, cos + (long)i * tablePairs, sin + (long)i * tablePairs);
                float* biasRow = bias == null ? null : bias + ((long)head * shape.Queries + i) * keys;
                Vectors.Clear(accumulator, depth);
                float maximum = float.NegativeInfinity, total = 0;
                for (int start = 0; start < keys; start += KeyBlock)
                {
                    int count = Math.Min(KeyBlock, keys - start);
                    float blockMaximum = float.NegativeInfinity;
                    for (int j = 0; j < count; j++)
                    {
                        int key = start + j;
                        float score = Vectors.Dot(query, keyRotated + (long)key * rotated, rotated, simd)
                            + Vectors.Dot(query + rotated, kBase + (long)key * k.RowStride + rotated, depth - rotated, simd);
                        if (biasRow != null)
                            score += biasRow[key];
                        scores[j] = score;
                        blockMaximum = MathF.Max(blockMaximum, score);
                    }
                    if (blockMaximum > maximum)
                    {
                        // exp(−∞) = 0 on the first block: nothing accumulated yet.
                        float rescale = MathF.Exp(maximum - blockMaximum);
                        total *= rescale;
                        Vectors.Scale(accumulator, rescale, depth, simd);
                        maximum = blockMaximum;
                    }
                    for (int j = 0; j < count; j++)
                    {
                        float weight = MathF.Exp(scores[j] - maximum);
                        total += weight;
                        Vectors.AddScaled(accumulator, vBase + (long)(start + j) * v.RowStride, weight, depth, simd);
                    }
                }
                float* target = output + (((long)item * shape.Queries + i) * shape.Heads + head) * depth;
                float inverse = 1f / total;
                for (int f = 0; f < depth; f++)
                    target[f] = accumulator[f] * inverse;
            }
        });
    }

    // Interleaved rotary (rotary_embedding_torch's rotate_half): (x₂ₘ, x₂ₘ₊₁) → (x₂ₘ·cos − x₂ₘ₊₁·sin, x₂ₘ₊₁·cos + x₂ₘ·sin).
    private static void Rotate(float* source, float* target, int pairs, float* cos, float* sin)
    {
        for (int m = 0; m < pairs; m++)
        {
            float even = source[2 * m], odd = source[2 * m + 1];
            target[2 * m] = even * cos[m] - odd * sin[m];
            target[2 * m + 1] = odd * cos[m] + even * sin[m];
        }
    }
}

using System.Runtime.CompilerServices;
using KDTalker.Kernels.Cpu.Gemm;

namespace KDTalker.Kernels.Cpu.Attention;

/// <summary>
/// Fused attention for one (batch, head) pair and a block of query rows per task. Prologue: the keys are rotated
/// (rotary, interleaved pairs) and transposed once into a (D, Fk) panel, so a query's scores for 8 or 16 keys at a
/// time are D vector multiply-adds with no horizontal sums; per query row, q is scaled then rotated. Main loop:
/// the online ("flash") softmax over blocks of keys — the block's scores plus bias, one rescale of the running sum
/// and accumulator when the maximum grows, vectorised exponentials, then the weighted sum of the value rows — so no
/// F×F score matrix is ever stored and each score row is visited once.
/// </summary>
internal static unsafe class CpuAttentionKernel
{
    private const int KeyBlock = 64;

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
        // Enough query blocks to keep every thread busy, no more: each block rebuilds its head's key panel.
        int perHead = Math.Max(1, (2 * backend.Threads + shape.Batch * shape.Heads - 1) / (shape.Batch * shape.Heads));
        int queryBlock = (shape.Queries + perHead - 1) / perHead, queryBlocks = (shape.Queries + queryBlock - 1) / queryBlock;
        var simd = backend.Simd;
        backend.For(shape.Batch * shape.Heads * queryBlocks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (task) =>
        {
            int block = task % queryBlocks, head = task / queryBlocks % shape.Heads, item = task / queryBlocks / shape.Heads;
            int depth = shape.Depth, keys = shape.Keys;
            // Panel columns are padded to a whole key block so vector loads never leave it.
            int panelStride = (keys + KeyBlock - 1) / KeyBlock * KeyBlock;
            using var scratch = new ScratchBuffer(backend, (long)depth * panelStride + 2L * depth + KeyBlock);
            float* keyPanel = scratch.Pointer, query = keyPanel + (long)depth * panelStride, accumulator = query + depth, scores = accumulator + depth;
            float* qBase = q.Data + (long)item * q.BatchStride + (long)head * q.HeadStride;
            float* kBase = k.Data + (long)item * k.BatchStride + (long)head * k.HeadStride;
            float* vBase = v.Data + (long)item * v.BatchStride + (long)head * v.HeadStride;
            BuildKeyPanel(kBase, k.RowStride, keys, depth, shape.Pairs, cos, sin, tablePairs, keyPanel, panelStride);

            int first = block * queryBlock, last = Math.Min(shape.Queries, first + queryBlock);
            for (int i = first; i < last; i++)
            {
                float* qRow = qBase + (long)i * q.RowStride;
                for (int f = 0; f < depth; f++)
                    query[f] = qRow[f] * scale;
                Rotate(query, shape.Pairs, cos + (long)i * tablePairs, sin + (long)i * tablePairs);
                float* biasRow = bias == null ? null : bias + ((long)head * shape.Queries + i) * keys;
                Vectors.Clear(accumulator, depth);
                float maximum = float.NegativeInfinity, total = 0;
                for (int start = 0; start < keys; start += KeyBlock)
                {
                    int count = Math.Min(KeyBlock, keys - start);
                    Vectors.Scores(query, keyPanel + start, panelStride, depth, scores, count, simd);
                    if (biasRow != null)
                        Vectors.Add(scores, biasRow + start, count, simd);
                    float blockMaximum = Vectors.Max(scores, count);
                    if (blockMaximum > maximum)
                    {
                        // exp(−∞) = 0 on the first block: nothing accumulated yet.
                        float rescale = MathF.Exp(maximum - blockMaximum);
                        total *= rescale;
                        Vectors.Scale(accumulator, rescale, depth, simd);
                        maximum = blockMaximum;
                    }
                    total += Vectors.ExpShifted(scores, maximum, count, simd);
                    Vectors.AccumulateValues(accumulator, vBase + (long)start * v.RowStride, v.RowStride, scores, count, depth, simd);
                }
                float* target = output + (((long)item * shape.Queries + i) * shape.Heads + head) * depth;
                float inverse = 1f / total;
                for (int f = 0; f < depth; f++)
                    target[f] = accumulator[f] * inverse;
            }
        });
    }

    // panel[f, j] = rotary(k_j)[f]: keys as columns, the layout the score loop streams through.
    private static void BuildKeyPanel(float* keys, int rowStride, int count, int depth, int pairs, float* cos, float* sin, int tablePairs,
        float* panel, int panelStride)
    {
        float* row = stackalloc float[depth];
        for (int j = 0; j < count; j++)
        {
            new Span<float>(keys + (long)j * rowStride, depth).CopyTo(new Span<float>(row, depth));
            Rotate(row, pairs, cos + (long)j * tablePairs, sin + (long)j * tablePairs);
            for (int f = 0; f < depth; f++)
                panel[(long)f * panelStride + j] = row[f];
        }
        for (int f = 0; f < depth; f++)
            new Span<float>(panel + (long)f * panelStride + count, panelStride - count).Clear();
    }

    // Interleaved rotary (rotary_embedding_torch's rotate_half):
    // (x₂ₘ, x₂ₘ₊₁) → (x₂ₘ·cos − x₂ₘ₊₁·sin, x₂ₘ₊₁·cos + x₂ₘ·sin).
    private static void Rotate(float* x, int pairs, float* cos, float* sin)
    {
        for (int m = 0; m < pairs; m++)
        {
            float even = x[2 * m], odd = x[2 * m + 1];
            x[2 * m] = even * cos[m] - odd * sin[m];
            x[2 * m + 1] = odd * cos[m] + even * sin[m];
        }
    }
}

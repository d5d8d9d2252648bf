using KDTalker.Tests.Support;

namespace KDTalker.Tests.Reference;

/// <summary>float64 truths for torch.matmul and nn.Linear, as plain loops.</summary>
public static class LinearAlgebraReference
{
    /// <summary>torch.matmul of a (..., M, K) and b (..., K, N) with batch dims broadcast against each other.</summary>
    public static RefTensor MatMul(RefTensor a, RefTensor b)
    {
        int m = a.Shape[^2], k = a.Shape[^1], n = b.Shape[^1];
        int batchRank = Math.Max(a.Rank, b.Rank) - 2;
        var batch = new int[batchRank];
        for (int i = 0; i < batchRank; i++)
            batch[i] = Math.Max(BatchDim(a, i, batchRank), BatchDim(b, i, batchRank));
        var result = new RefTensor([.. batch, m, n]);
        int items = batch.Aggregate(1, (x, y) => x * y);
        for (int item = 0; item < items; item++)
        {
            var index = new int[batchRank];
            for (int axis = batchRank - 1, rest = item; axis >= 0; axis--)
            {
                index[axis] = rest % batch[axis];
                rest /= batch[axis];
            }
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double sum = 0;
                    for (int p = 0; p < k; p++)
                        sum += a[BroadcastIndex(a, index, i, p)] * b[BroadcastIndex(b, index, p, j)];
                    result[[.. index, i, j]] = sum;
                }
        }
        return result;
    }

    /// <summary>nn.Linear: y[..., o] = Σ_i x[..., i]·weight[o, i] + bias[o].</summary>
    public static RefTensor Linear(RefTensor x, RefTensor weight, RefTensor? bias)
    {
        int inFeatures = x.Shape[^1], outFeatures = weight.Shape[0];
        int rows = x.Length / inFeatures;
        var result = new RefTensor([.. x.Shape[..^1], outFeatures]);
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < outFeatures; o++)
            {
                double sum = bias is null ? 0 : bias.Data[o];
                for (int i = 0; i < inFeatures; i++)
                    sum += x.Data[r * inFeatures + i] * weight[o, i];
                result.Data[r * outFeatures + o] = sum;
            }
        return result;
    }

    private static int BatchDim(RefTensor t, int axis, int batchRank)
    {
        int own = axis - (batchRank - (t.Rank - 2));
        return own < 0 ? 1 : t.Shape[own];
    }

    private static int[] BroadcastIndex(RefTensor t, int[] batchIndex, int row, int column)
    {
        var index = new int[t.Rank];
        int shift = batchIndex.Length - (t.Rank - 2);
        for (int axis = 0; axis < t.Rank - 2; axis++)
            index[axis] = t.Shape[axis] == 1 ? 0 : batchIndex[axis + shift];
        index[^2] = row;
        index[^1] = column;
        return index;
    }
}

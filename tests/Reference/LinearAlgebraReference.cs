using KDTalker.Tests.Support;

namespace KDTalker.Tests.Reference;

/// <summary>Float64 matrix products written straight from the definitions.</summary>
public static class LinearAlgebraReference
{
    /// <summary>torch.matmul for rank ≥ 2 with broadcast batch dimensions.</summary>
    public static RefTensor MatMul(RefTensor a, RefTensor b)
    {
        int m = a.Shape[^2], k = a.Shape[^1], n = b.Shape[^1];
        int rank = Math.Max(a.Rank, b.Rank);
        var batch = new int[rank - 2];
        for (int i = 0; i < batch.Length; i++)
        {
            int da = Dim(a, i, rank), db = Dim(b, i, rank);
            batch[i] = Math.Max(da, db);
        }
        var result = new RefTensor([.. batch, m, n]);
        int batches = batch.Aggregate(1, (x, y) => x * y);
        for (int t = 0; t < batches; t++)
        {
            var index = new int[batch.Length];
            for (int i = batch.Length - 1, rest = t; i >= 0; i--)
            {
                index[i] = rest % batch[i];
                rest /= batch[i];
            }
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double sum = 0;
                    for (int p = 0; p < k; p++)
                        sum += a[Broadcast(a, index, rank, i, p)] * b[Broadcast(b, index, rank, p, j)];
                    result[[.. index, i, j]] = sum;
                }
        }
        return result;
    }

    /// <summary>nn.Linear: x (..., in) · Wᵀ + b.</summary>
    public static RefTensor Linear(RefTensor x, RefTensor weight, RefTensor? bias)
    {
        int inFeatures = weight.Shape[1], outFeatures = weight.Shape[0];
        int rows = x.Length / inFeatures;
        var result = new RefTensor([.. x.Shape[..^1], outFeatures]);
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < outFeatures; o++)
            {
                double sum = bias?.Data[o] ?? 0;
                for (int i = 0; i < inFeatures; i++)
                    sum += x.Data[r * inFeatures + i] * weight.Data[o * inFeatures + i];
                result.Data[r * outFeatures + o] = sum;
            }
        return result;
    }

    private static int Dim(RefTensor t, int i, int rank) => i < rank - t.Rank ? 1 : t.Shape[i - (rank - t.Rank)];

    private static int[] Broadcast(RefTensor t, int[] batchIndex, int rank, int row, int column)
    {
        var index = new int[t.Rank];
        for (int i = 0; i < t.Rank - 2; i++)
            index[i] = t.Shape[i] == 1 ? 0 : batchIndex[i + (rank - t.Rank)];
        index[^2] = row;
        index[^1] = column;
        return index;
    }
}

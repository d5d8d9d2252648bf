using ILGPU;

namespace KDTalker.Kernels.Gpu.Kernels;

/// <summary>
/// Batched C = A·B (+ bias per column) with any element strides for A and B (transposed and broadcast views read in
/// place) and a contiguous C; launch with groups of 16×16 threads over (⌈N/64⌉, ⌈M/64⌉, batch). Staging walks each
/// operand along its unit-stride axis, so a Linear layer's transposed weight is read coalesced too.
/// </summary>
internal static class GemmKernel
{
    public static void MatMul<T, E>(ArrayView<T> a, ArrayView<T> b, ArrayView<T> bias, ArrayView<T> c, GemmShape shape)
        where T : unmanaged where E : struct, IElement<T>
    {
        var aTile = SharedMemory.Allocate<float>(GemmTile.SliceSize);
        var bTile = SharedMemory.Allocate<float>(GemmTile.SliceSize);
        int tx = Group.IdxX, ty = Group.IdxY, thread = ty * GemmTile.Threads + tx;
        int rowBase = Grid.IdxY * GemmTile.Tile, columnBase = Grid.IdxX * GemmTile.Tile, batch = Grid.IdxZ;
        int aBase = shape.ABatch.At(batch), bBase = shape.BBatch.At(batch);
        var tile = new GemmTile();
        for (int k0 = 0; k0 < shape.K; k0 += GemmTile.Step)
        {
            for (int e = 0; e < GemmTile.Loads; e++)
            {
                int index = thread + e * GemmTile.Threads * GemmTile.Threads;
                // Consecutive threads walk the operand's unit-stride axis: k for a row-major A, m for a transposed one.
                bool aAlongK = shape.AColumnStride == 1;
                int m = aAlongK ? index / GemmTile.Step : index % GemmTile.Tile, ka = aAlongK ? index % GemmTile.Step : index / GemmTile.Tile;
                int row = rowBase + m, k = k0 + ka;
                aTile[ka * GemmTile.Stride + m] = row < shape.M && k < shape.K
                    ? default(E).Load(a[aBase + row * shape.ARowStride + k * shape.AColumnStride]) : 0f;
                // n for a row-major B, k for a transposed one (a Linear weight).
                bool bAlongK = shape.BRowStride == 1 && shape.BColumnStride != 1;
                int n = bAlongK ? index / GemmTile.Step : index % GemmTile.Tile, kb = bAlongK ? index % GemmTile.Step : index / GemmTile.Tile;
                int column = columnBase + n;
                k = k0 + kb;
                bTile[kb * GemmTile.Stride + n] = column < shape.N && k < shape.K
                    ? default(E).Load(b[bBase + k * shape.BRowStride + column * shape.BColumnStride]) : 0f;
            }
            Group.Barrier();
            tile.Accumulate(aTile, bTile, tx, ty);
            Group.Barrier();
        }
        for (int i = 0; i < 4; i++)
        {
            int row = rowBase + ty + 16 * i;
            if (row >= shape.M)
                continue;
            for (int j = 0; j < 4; j++)
            {
                int column = columnBase + tx + 16 * j;
                if (column < shape.N)
                    c[(batch * shape.M + row) * shape.N + column] = default(E).Store(tile.Get(i, j) +
                        (shape.HasBias != 0 ? default(E).Load(bias[column]) : 0f));
            }
        }
    }
}

/// <summary>The sizes and strides of one batched matrix product.</summary>
internal struct GemmShape
{
    public int M, N, K;
    public int ARowStride, AColumnStride, BRowStride, BColumnStride;
    public StridedLayout ABatch, BBatch;
    public int HasBias;
}

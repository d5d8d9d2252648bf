using System.Runtime.CompilerServices;

namespace KDTalker.Kernels.Cpu.Convolution.Winograd;

/// <summary>
/// The input and output transforms of F(4×4, 3×3) for a group of <c>T.Count</c> consecutive tiles at once, one tile per
/// vector lane: patches are gathered into a lane-interleaved scratch block, transformed with vector arithmetic, and the
/// results stored straight into the GEMM's packed panels (input) or into the output plane (output).
/// </summary>
internal static unsafe class WinogradTransforms<T> where T : struct, ILanes<T>
{
    private const int Patch = WinogradF43.Patch, Points = WinogradF43.Points;

    /// <summary>Floats of scratch the transforms need per call.</summary>
    public static int ScratchFloats => 2 * Points * T.Count;

    /// <summary>Floats of one output strip: 4 rows of Count tiles.</summary>
    public static int StripFloats => 16 * T.Count;

    /// <summary>
    /// Bᵀ d B of tiles [first, first + count) of one zero-padded input plane (<see cref="TileGrid"/>); point ξ's lanes go to
    /// <paramref name="target"/> + ξ·<paramref name="pointStride"/> (count ≤ T.Count; lanes past count repeat the last tile:
    /// their columns are multiplied but never stored).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Input(float* plane, TileGrid grid, int first, int count, float* target, long pointStride, float* scratch)
    {
        int lanes = T.Count;
        float* patch = scratch, rows = scratch + Points * lanes;
        if (count == lanes && grid.InOneRow(first, count))
        {
            // One tile row: lane l's patch starts 4·l floats after lane 0's.
            float* corner = plane + grid.PatchOffset(first);
            for (int i = 0; i < Patch * Patch; i++)
                T.Store(T.LoadEveryFourth(corner + i / Patch * grid.PaddedWidth + i % Patch), patch + i * lanes);
        }
        else
        {
            Gather(plane, grid, first, count, patch);
        }
        // Rows: e[i] = Bᵀ-transform of patch row i (along j).
        for (int i = 0; i < Patch; i++)
        {
            float* d = patch + i * Patch * lanes;
            WinogradF43.Input(T.Load(d), T.Load(d + lanes), T.Load(d + 2 * lanes), T.Load(d + 3 * lanes), T.Load(d + 4 * lanes), T.Load(d + 5 * lanes),
                out var t0, out var t1, out var t2, out var t3, out var t4, out var t5);
            float* e = rows + i * Patch * lanes;
            T.Store(t0, e); T.Store(t1, e + lanes); T.Store(t2, e + 2 * lanes); T.Store(t3, e + 3 * lanes); T.Store(t4, e + 4 * lanes);
            T.Store(t5, e + 5 * lanes);
        }
        // Columns: V[a][k] = Bᵀ-transform of column k of e (along i).
        int column = Patch * lanes;
        for (int k = 0; k < Patch; k++)
        {
            float* e = rows + k * lanes;
            WinogradF43.Input(T.Load(e), T.Load(e + column), T.Load(e + 2 * column), T.Load(e + 3 * column), T.Load(e + 4 * column), T.Load(e + 5 * column),
                out var v0, out var v1, out var v2, out var v3, out var v4, out var v5);
            T.Store(v0, target + (0 * Patch + k) * pointStride);
            T.Store(v1, target + (1 * Patch + k) * pointStride);
            T.Store(v2, target + (2 * Patch + k) * pointStride);
            T.Store(v3, target + (3 * Patch + k) * pointStride);
            T.Store(v4, target + (4 * Patch + k) * pointStride);
            T.Store(v5, target + (5 * Patch + k) * pointStride);
        }
    }

    /// <summary>
    /// z = Aᵀ M A + bias for tiles [first, first + count) of one output channel, point ξ's lanes read from
    /// <paramref name="products"/> + ξ·<paramref name="pointStride"/>, into <paramref name="strip"/>: 4 rows of 4·Count
    /// floats, lane l's tile in columns 4·l .. 4·l + 3.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Output(float* products, long pointStride, float bias, float* strip, float* scratch)
    {
        int lanes = T.Count;
        float* rows = scratch, outputs = scratch + Points * lanes;
        for (int a = 0; a < Patch; a++)
        {
            float* m = products + a * Patch * pointStride;
            WinogradF43.Output(T.Load(m), T.Load(m + pointStride), T.Load(m + 2 * pointStride), T.Load(m + 3 * pointStride),
                T.Load(m + 4 * pointStride), T.Load(m + 5 * pointStride), out var f0, out var f1, out var f2, out var f3);
            float* f = rows + a * 4 * lanes;
            T.Store(f0, f); T.Store(f1, f + lanes); T.Store(f2, f + 2 * lanes); T.Store(f3, f + 3 * lanes);
        }
        int column = 4 * lanes;
        var offset = T.Broadcast(bias);
        for (int c = 0; c < WinogradF43.Tile; c++)
        {
            float* f = rows + c * lanes;
            WinogradF43.Output(T.Load(f), T.Load(f + column), T.Load(f + 2 * column), T.Load(f + 3 * column), T.Load(f + 4 * column), T.Load(f + 5 * column),
                out var y0, out var y1, out var y2, out var y3);
            T.Store(y0 + offset, outputs + (0 * 4 + c) * lanes);
            T.Store(y1 + offset, outputs + (1 * 4 + c) * lanes);
            T.Store(y2 + offset, outputs + (2 * 4 + c) * lanes);
            T.Store(y3 + offset, outputs + (3 * 4 + c) * lanes);
        }
        for (int r = 0; r < WinogradF43.Tile; r++)
        {
            float* y = outputs + 4 * r * lanes;
            T.StoreInterleaved(T.Load(y), T.Load(y + lanes), T.Load(y + 2 * lanes), T.Load(y + 3 * lanes), strip + r * column);
        }
    }

    /// <summary>
    /// Stores a strip from <see cref="Output"/> (and z_β's when modulating) through the epilogue into the output plane
    /// at element <paramref name="planeIndex"/> of the output tensor, cropped at the plane's edges.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Store(float* strip, float* betaStrip, in WinogradEpilogue epilogue, float* output, long planeIndex,
        TileGrid grid, int first, int count)
    {
        int lanes = T.Count, column = 4 * lanes;
        if (count == lanes && grid.InOneRow(first, count) && grid.IsWhole(first + count - 1))
        {
            long index = planeIndex + (long)4 * (first / grid.TilesWide) * grid.Width + 4 * (first % grid.TilesWide);
            for (int r = 0; r < WinogradF43.Tile; r++, index += grid.Width)
                for (int k = 0; k < column; k += lanes)
                {
                    var z = T.Load(strip + r * column + k);
                    var beta = betaStrip == null ? z : T.Load(betaStrip + r * column + k);
                    T.Store(epilogue.Apply(z, beta, index + k), output + index + k);
                }
            return;
        }
        for (int l = 0; l < count; l++)
        {
            int tile = first + l, y0 = tile / grid.TilesWide * 4, x0 = tile % grid.TilesWide * 4;
            int rows = Math.Min(4, grid.Height - y0), columns = Math.Min(4, grid.Width - x0);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++)
                {
                    int at = r * column + 4 * l + c;
                    long index = planeIndex + (long)(y0 + r) * grid.Width + x0 + c;
                    var z = Lane1.Load(strip + at);
                    var beta = betaStrip == null ? z : Lane1.Load(betaStrip + at);
                    Lane1.Store(epilogue.Apply(z, beta, index), output + index);
                }
        }
    }

    /// <summary>
    /// patch[(6·i + j)·lanes + l] = padded[corner(first + l) + i·PaddedWidth + j]; lanes past count repeat the last tile
    /// (computed, never stored).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Gather(float* padded, TileGrid grid, int first, int count, float* patch)
    {
        int lanes = T.Count, stride = grid.PaddedWidth;
        for (int l = 0; l < lanes; l++)
        {
            float* corner = padded + grid.PatchOffset(first + Math.Min(l, count - 1));
            for (int i = 0; i < Patch; i++, corner += stride)
                for (int j = 0; j < Patch; j++)
                    patch[(i * Patch + j) * lanes + l] = corner[j];
        }
    }
}

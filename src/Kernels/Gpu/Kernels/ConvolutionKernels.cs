using ILGPU;

namespace KDTalker.Kernels.Gpu.Kernels;

/// <summary>
/// Convolution (cross-correlation, zero padding) of (N, C_in, D, H, W) with (C_out, C_in/groups, kD, kH, kW) weights;
/// 2-D runs as D = 1. <see cref="ImplicitGemm"/> treats each (image, group) as the GEMM
/// out[m, p] = Σ_k W[m, k]·X̂[k, p] with k = (c_in, kd, kh, kw) and p the output position, gathering X̂ from the
/// input while staging the tile (no im2col buffer). Depthwise layers (one channel per group) use
/// <see cref="Depthwise"/>, one thread per output.
/// </summary>
internal static class ConvolutionKernels
{
    /// <summary>Launch with groups of 16×16 threads over (⌈positions/64⌉, ⌈C_out per group/64⌉, N·groups).</summary>
    public static void ImplicitGemm<T, E>(ArrayView<T> x, ArrayView<T> weight, ArrayView<T> bias, ArrayView<T> y, ConvShape s)
        where T : unmanaged where E : struct, IElement<T>
    {
        var aTile = SharedMemory.Allocate<float>(GemmTile.Tile * GemmTile.Step);
        var bTile = SharedMemory.Allocate<float>(GemmTile.Tile * GemmTile.Step);
        int tx = Group.IdxX, ty = Group.IdxY, thread = ty * GemmTile.Threads + tx;
        int rowBase = Grid.IdxY * GemmTile.Tile, columnBase = Grid.IdxX * GemmTile.Tile;
        int image = Grid.IdxZ / s.Groups, group = Grid.IdxZ % s.Groups;
        int rows = s.OutChannels / s.Groups, groupInputs = s.InChannels / s.Groups;
        int window = s.Kernel.Count, depth = groupInputs * window, positions = s.Output.Count;
        int inputBase = (image * s.InChannels + group * groupInputs) * s.Input.Count;
        var tile = new GemmTile();
        for (int k0 = 0; k0 < depth; k0 += GemmTile.Step)
        {
            for (int e = 0; e < GemmTile.Loads; e++)
            {
                int index = thread + e * GemmTile.Threads * GemmTile.Threads;
                int m = index / GemmTile.Step, ka = index % GemmTile.Step;
                int row = rowBase + m, k = k0 + ka;
                aTile[ka * GemmTile.Tile + m] = row < rows && k < depth ? default(E).Load(weight[(group * rows + row) * depth + k]) : 0f;
                int kb = index / GemmTile.Tile, p = columnBase + index % GemmTile.Tile;
                k = k0 + kb;
                bTile[kb * GemmTile.Tile + index % GemmTile.Tile] = p < positions && k < depth ? Gather<T, E>(x, inputBase, s, k / window, k % window, p) : 0f;
            }
            Group.Barrier();
            tile.Accumulate(aTile, bTile, tx, ty);
            Group.Barrier();
        }
        for (int i = 0; i < 4; i++)
        {
            int row = rowBase + ty + 16 * i;
            if (row >= rows)
                continue;
            int channel = group * rows + row;
            float shift = s.HasBias != 0 ? default(E).Load(bias[channel]) : 0f;
            for (int j = 0; j < 4; j++)
            {
                int p = columnBase + tx + 16 * j;
                if (p < positions)
                    y[(image * s.OutChannels + channel) * positions + p] = default(E).Store(tile.Get(i, j) + shift);
            }
        }
    }

    /// <summary>One thread per output element of a depthwise convolution.</summary>
    public static void Depthwise<T, E>(Index1D i, ArrayView<T> x, ArrayView<T> weight, ArrayView<T> bias, ArrayView<T> y, ConvShape s)
        where T : unmanaged where E : struct, IElement<T>
    {
        int positions = s.Output.Count, p = i % positions, channel = i / positions % s.OutChannels, image = i / positions / s.OutChannels;
        int window = s.Kernel.Count, inputBase = (image * s.InChannels + channel) * s.Input.Count;
        float sum = s.HasBias != 0 ? default(E).Load(bias[channel]) : 0f;
        for (int r = 0; r < window; r++)
            sum += default(E).Load(weight[channel * window + r]) * Gather<T, E>(x, inputBase, s, 0, r, p);
        y[i] = default(E).Store(sum);
    }

    /// <summary>Input value under kernel tap <paramref name="tap"/> of channel <paramref name="channel"/> for output position <paramref name="p"/>, 0 in the padding.</summary>
    private static float Gather<T, E>(ArrayView<T> x, int inputBase, ConvShape s, int channel, int tap, int p)
        where T : unmanaged where E : struct, IElement<T>
    {
        int kw = tap % s.Kernel.W, kh = tap / s.Kernel.W % s.Kernel.H, kd = tap / (s.Kernel.W * s.Kernel.H);
        int ow = p % s.Output.W, oh = p / s.Output.W % s.Output.H, od = p / (s.Output.W * s.Output.H);
        int ix = ow * s.StrideW - s.PadW + kw, iy = oh * s.StrideH - s.PadH + kh, iz = od * s.StrideD - s.PadD + kd;
        if ((uint)ix >= (uint)s.Input.W || (uint)iy >= (uint)s.Input.H || (uint)iz >= (uint)s.Input.D)
            return 0f;
        return default(E).Load(x[inputBase + channel * s.Input.Count + (iz * s.Input.H + iy) * s.Input.W + ix]);
    }
}

/// <summary>The geometry of one convolution, spatial sizes as (D, H, W).</summary>
internal struct ConvShape
{
    public int InChannels, OutChannels, Groups, HasBias;
    public Volume Input, Kernel, Output;
    public int StrideD, StrideH, StrideW, PadD, PadH, PadW;
}

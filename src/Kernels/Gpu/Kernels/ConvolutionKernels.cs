using ILGPU;

namespace KDTalker.Kernels.Gpu.Kernels;

/// <summary>
/// Convolution (cross-correlation, zero padding) of (N, C_in, D, H, W) with (C_out, C_in/groups, kD, kH, kW) weights;
/// 2-D runs as D = 1. <see cref="ImplicitGemm"/> treats each (image, group) as the GEMM
/// out[m, p] = Σ_k W[m, k]·X̂[k, p] with k = (c_in, kd, kh, kw) and p the output position, gathering X̂ from the
/// input while staging the tile (no im2col buffer), and applies the epilogue (activation, residual add) before the
/// single store. <see cref="ImplicitGemmModulated"/> is SPADE's γ/β convolution: each thread accumulates a γ and a β
/// block and stores normalised·(1 + γ) + β. Depthwise layers (one channel per group) use <see cref="Depthwise"/>.
/// </summary>
internal static class ConvolutionKernels
{
    /// <summary>Launch with groups of 16×16 threads over (⌈positions/64⌉, ⌈C_out per group/64⌉, N·groups).</summary>
    public static void ImplicitGemm<T, E>(ArrayView<T> x, ArrayView<T> weight, ArrayView<T> bias, ArrayView<T> residual, ArrayView<T> y, ConvShape s,
        ConvEpilogue epilogue)
        where T : unmanaged where E : struct, IElement<T>
    {
        var aTile = SharedMemory.Allocate<float>(GemmTile.SliceSize);
        var bTile = SharedMemory.Allocate<float>(GemmTile.SliceSize);
        int tx = Group.IdxX, ty = Group.IdxY, thread = ty * GemmTile.Threads + tx;
        int rowBase = Grid.IdxY * GemmTile.Tile, columnBase = Grid.IdxX * GemmTile.Tile;
        int image = Grid.IdxZ / s.Groups, group = Grid.IdxZ % s.Groups;
        int rows = s.OutChannels / s.Groups, depth = s.InChannels / s.Groups * s.Kernel.Count, positions = s.Output.Count;
        int inputBase = (image * s.InChannels + group * (s.InChannels / s.Groups)) * s.Input.Count;
        var tile = new GemmTile();
        for (int k0 = 0; k0 < depth; k0 += GemmTile.Step)
        {
            StageWeights<T, E>(aTile, weight, group * rows, rows, depth, rowBase, k0, thread);
            StageInput<T, E>(bTile, x, inputBase, s, depth, columnBase, k0, thread);
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
                if (p >= positions)
                    continue;
                int at = (image * s.OutChannels + channel) * positions + p;
                y[at] = default(E).Store(Finish<T, E>(tile.Get(i, j) + shift, epilogue, residual, at));
            }
        }
    }

    /// <summary>
    /// SPADE's stacked [γ; β] convolution with the modulation fused (groups = 1): launch like <see cref="ImplicitGemm"/>
    /// over C = C_out/2 rows; output channel c gets normalised·(1 + γ_c) + β_c.
    /// </summary>
    public static void ImplicitGemmModulated<T, E>(ArrayView<T> x, ArrayView<T> weight, ArrayView<T> bias, ArrayView<T> normalised, ArrayView<T> y, ConvShape s)
        where T : unmanaged where E : struct, IElement<T>
    {
        var gammaTile = SharedMemory.Allocate<float>(GemmTile.SliceSize);
        var betaTile = SharedMemory.Allocate<float>(GemmTile.SliceSize);
        var bTile = SharedMemory.Allocate<float>(GemmTile.SliceSize);
        int tx = Group.IdxX, ty = Group.IdxY, thread = ty * GemmTile.Threads + tx;
        int rowBase = Grid.IdxY * GemmTile.Tile, columnBase = Grid.IdxX * GemmTile.Tile, image = Grid.IdxZ;
        int channels = s.OutChannels / 2, depth = s.InChannels * s.Kernel.Count, positions = s.Output.Count;
        int inputBase = image * s.InChannels * s.Input.Count;
        var gamma = new GemmTile();
        var beta = new GemmTile();
        for (int k0 = 0; k0 < depth; k0 += GemmTile.Step)
        {
            StageWeights<T, E>(gammaTile, weight, 0, channels, depth, rowBase, k0, thread);
            StageWeights<T, E>(betaTile, weight, channels, channels, depth, rowBase, k0, thread);
            StageInput<T, E>(bTile, x, inputBase, s, depth, columnBase, k0, thread);
            Group.Barrier();
            gamma.Accumulate(gammaTile, bTile, tx, ty);
            beta.Accumulate(betaTile, bTile, tx, ty);
            Group.Barrier();
        }
        var e = default(E);
        for (int i = 0; i < 4; i++)
        {
            int c = rowBase + ty + 16 * i;
            if (c >= channels)
                continue;
            float gammaShift = s.HasBias != 0 ? e.Load(bias[c]) : 0f, betaShift = s.HasBias != 0 ? e.Load(bias[channels + c]) : 0f;
            for (int j = 0; j < 4; j++)
            {
                int p = columnBase + tx + 16 * j;
                if (p >= positions)
                    continue;
                int at = (image * channels + c) * positions + p;
                // The order of SPADE.forward: (γ + 1), times the normalised input, plus β.
                float scale = gamma.Get(i, j) + gammaShift + 1f;
                y[at] = e.Store(e.Load(normalised[at]) * scale + (beta.Get(i, j) + betaShift));
            }
        }
    }

    /// <summary>One thread per output element of a depthwise convolution.</summary>
    public static void Depthwise<T, E>(Index1D i, ArrayView<T> x, ArrayView<T> weight, ArrayView<T> bias, ArrayView<T> residual, ArrayView<T> y,
        ConvShape s, ConvEpilogue epilogue)
        where T : unmanaged where E : struct, IElement<T>
    {
        int positions = s.Output.Count, p = i % positions, channel = i / positions % s.OutChannels, image = i / positions / s.OutChannels;
        int window = s.Kernel.Count, inputBase = (image * s.InChannels + channel) * s.Input.Count;
        float sum = s.HasBias != 0 ? default(E).Load(bias[channel]) : 0f;
        for (int r = 0; r < window; r++)
            sum += default(E).Load(weight[channel * window + r]) * Gather<T, E>(x, inputBase, s, 0, r, p);
        y[i] = default(E).Store(Finish<T, E>(sum, epilogue, residual, i));
    }

    /// <summary>The epilogue of one output value: activation, then the residual at the same index.</summary>
    private static float Finish<T, E>(float z, ConvEpilogue epilogue, ArrayView<T> residual, int at)
        where T : unmanaged where E : struct, IElement<T>
    {
        if (epilogue.Activation >= 0)
            z = DeviceMath.Unary(epilogue.Activation, z, epilogue.Alpha);
        return epilogue.HasResidual != 0 ? z + default(E).Load(residual[at]) : z;
    }

    /// <summary>Stages weight rows [first + rowBase, +64) × k [k0, k0 + 16) k-major; consecutive threads read consecutive k.</summary>
    private static void StageWeights<T, E>(ArrayView<float> tile, ArrayView<T> weight, int first, int rows, int depth, int rowBase, int k0, int thread)
        where T : unmanaged where E : struct, IElement<T>
    {
        for (int e = 0; e < GemmTile.Loads; e++)
        {
            int index = thread + e * GemmTile.Threads * GemmTile.Threads;
            int m = index / GemmTile.Step, kk = index % GemmTile.Step, row = rowBase + m, k = k0 + kk;
            tile[kk * GemmTile.Stride + m] = row < rows && k < depth ? default(E).Load(weight[(first + row) * depth + k]) : 0f;
        }
    }

    /// <summary>Stages the gathered input X̂[k0 + kk, columnBase + n] (zero past the edges and in the padding).</summary>
    private static void StageInput<T, E>(ArrayView<float> tile, ArrayView<T> x, int inputBase, ConvShape s, int depth, int columnBase, int k0, int thread)
        where T : unmanaged where E : struct, IElement<T>
    {
        int window = s.Kernel.Count, positions = s.Output.Count;
        for (int e = 0; e < GemmTile.Loads; e++)
        {
            int index = thread + e * GemmTile.Threads * GemmTile.Threads;
            int kk = index / GemmTile.Tile, n = index % GemmTile.Tile, p = columnBase + n, k = k0 + kk;
            tile[kk * GemmTile.Stride + n] = p < positions && k < depth ? Gather<T, E>(x, inputBase, s, k / window, k % window, p) : 0f;
        }
    }

    /// <summary>Input value under kernel tap <paramref name="tap"/> of channel <paramref name="channel"/> for output position <paramref name="p"/>, 0
    /// in the padding.</summary>
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

/// <summary>A convolution's activation (a <see cref="KDTalker.Tensors.UnaryOp"/> value, −1 for none) and residual flag.</summary>
internal struct ConvEpilogue
{
    public int Activation, HasResidual;
    public float Alpha;
}

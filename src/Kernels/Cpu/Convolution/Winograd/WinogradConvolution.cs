using System.Runtime.CompilerServices;
using KDTalker.Kernels.Cpu.Gemm;

namespace KDTalker.Kernels.Cpu.Convolution.Winograd;

/// <summary>
/// A stride-1, padding-1 3×3 conv2d, or 3×3×3 conv3d, by F(4×4, 3×3) over the H×W planes. A 3×3×3 kernel is three
/// 3×3 kernels, one per depth tap kd: output slice d = Σ_kd conv2d(input slice d + kd − 1, kernel[:, :, kd]), so the
/// three products of one slice accumulate in the same Winograd-domain tile, and each input slice is transformed once.
/// The input is zero-padded once; each task takes a block of tiles and a range of output slices and, per slice,
/// (1) transforms the patches of the input slices it needs into the packed B panels of 36 GEMMs (a ring of three),
/// (2) multiplies the pre-transformed kernels U[ξ] (C_out × C_in) by them, a block of output channels at a time,
/// straight on the micro-kernel (both operands are already packed), and (3) transforms the products back through the
/// bias and the epilogue into the output. When modulating (SPADE), the γ and β halves are two banks multiplied side by
/// side, so each output channel has both at hand. Tasks never share a buffer.
/// </summary>
internal static unsafe class WinogradConvolution<TKernel, TLanes>
    where TKernel : struct, IMicroKernel
    where TLanes : struct, ILanes<TLanes>
{
    private const int Points = WinogradF43.Points;
    private const int DepthBlock = 128;     // KC: a 32-wide B panel slice is 16 KiB, half of a 32 KiB L1.
    private const int ChannelBlock = 96;    // MC: products of 96 channels × 64 tiles × 36 points = 864 KiB of L2.
    private const int PanelsPerBlock = 2;

    /// <summary>
    /// output = epilogue(conv(input)) for (batch, C_in, D, H, W) → (batch, C_out, D, H, W) (D = 1 for conv2d), with
    /// <paramref name="banks"/>[half][kd] the kernels of each depth tap (one tap for conv2d, three for conv3d) for one
    /// half, or for the γ and β halves of a modulating epilogue, and <paramref name="biases"/> each half's bias (or null).
    /// </summary>
    public static void Run(CpuBackend backend, float* input, WinogradWeights[][] banks, float*[] biases, in WinogradEpilogue epilogue,
        float* output, int batch, int depth, int height, int width)
    {
        var grid = new TileGrid(height, width);
        int inChannels = banks[0][0].InChannels, outChannels = banks[0][0].OutChannels, plane = height * width;
        using var padded = new ScratchBuffer(backend, (long)inChannels * depth * grid.PaddedPlane);
        int blockTiles = TKernel.Columns * PanelsPerBlock;
        int blocks = (grid.Count + blockTiles - 1) / blockTiles;
        // Split the slices too when there are fewer tile blocks than threads (small planes); each part re-transforms
        // at most two neighbouring slices.
        int parts = Math.Clamp(2 * backend.Threads / blocks, 1, depth);
        var fused = epilogue;
        for (int image = 0; image < batch; image++)
        {
            float* x = input + (long)image * inChannels * depth * plane;
            long outputImage = (long)image * outChannels * depth * plane;
            backend.For(inChannels * depth, slice => Pad(x + (long)slice * plane, grid, padded.Pointer + (long)slice * grid.PaddedPlane));
            backend.For(blocks * parts, task =>
            {
                int block = task / parts, part = task % parts, first = block * blockTiles;
                var tiles = new TileBlock(grid, first, Math.Min(blockTiles, grid.Count - first), depth);
                var work = new Work(banks, biases, fused, output, outputImage);
                RunTask(backend, padded.Pointer, work, tiles, part * depth / parts, (part + 1) * depth / parts);
            });
        }
    }

    /// <summary>Copies an H×W plane into the middle of a zero (PaddedHeight × PaddedWidth) plane at (1, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pad(float* plane, TileGrid grid, float* padded)
    {
        new Span<float>(padded, grid.PaddedPlane).Clear();
        for (int y = 0; y < grid.Height; y++)
            new ReadOnlySpan<float>(plane + (long)y * grid.Width, grid.Width).CopyTo(new Span<float>(padded + (long)(y + 1) * grid.PaddedWidth + 1,
                grid.Width));
    }

    /// <summary>Output slices [d0, d1) of one tile block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunTask(CpuBackend backend, float* padded, in Work work, TileBlock tiles, int d0, int d1)
    {
        var banks = work.Banks;
        int mr = TKernel.Rows, nr = TKernel.Columns, lanes = TLanes.Count, taps = banks[0].Length;
        int inChannels = banks[0][0].InChannels, outChannels = banks[0][0].OutChannels;
        int panels = (tiles.Count + nr - 1) / nr, width = panels * nr;
        int channelBlock = Math.Min(ChannelBlock / banks.Length / mr * mr, banks[0][0].RowPanels * mr);
        long sliceFloats = (long)Points * inChannels * width, bankStride = (long)Points * channelBlock * width;
        using var transformed = new ScratchBuffer(backend, taps * sliceFloats);
        using var products = new ScratchBuffer(backend, banks.Length * bankStride);
        float* scratch = stackalloc float[WinogradTransforms<TLanes>.ScratchFloats];
        float* strips = stackalloc float[2 * WinogradTransforms<TLanes>.StripFloats];
        int newest = d0 - taps / 2 - 1; // the last input slice transformed into the ring

        for (int d = d0; d < d1; d++)
        {
            // V[slot][ξ][panel][c][nr] for the input slices d − taps/2 .. d + taps/2 (slot = slice mod taps).
            for (int s = Math.Max(newest + 1, d - taps / 2); s <= d + taps / 2; s++)
            {
                if ((uint)s < (uint)tiles.Depth)
                    TransformSlice(padded + (long)s * tiles.Grid.PaddedPlane, tiles, inChannels, transformed.Pointer + Slot(s, taps) * sliceFloats, scratch);
                newest = s;
            }
            long pointStrideM = (long)channelBlock * width;
            for (int channel0 = 0; channel0 < outChannels; channel0 += channelBlock)
            {
                for (int half = 0; half < banks.Length; half++)
                {
                    bool accumulate = false;
                    for (int kd = 0; kd < taps; kd++)
                    {
                        int s = d + kd - taps / 2;
                        if ((uint)s >= (uint)tiles.Depth)
                            continue;
                        Multiply(banks[half][kd], channel0, channelBlock, transformed.Pointer + Slot(s, taps) * sliceFloats, panels,
                            products.Pointer + half * bankStride, width, accumulate);
                        accumulate = true;
                    }
                }
                int channels = Math.Min(channelBlock, outChannels - channel0);
                for (int o = 0; o < channels; o++)
                {
                    int channel = channel0 + o;
                    long planeIndex = work.OutputImage + ((long)channel * tiles.Depth + d) * tiles.Grid.Height * tiles.Grid.Width;
                    for (int group = 0; group < tiles.Count; group += lanes)
                    {
                        float* strip = strips, betaStrip = banks.Length > 1 ? strips + WinogradTransforms<TLanes>.StripFloats : null;
                        for (int half = 0; half < banks.Length; half++)
                            WinogradTransforms<TLanes>.Output(products.Pointer + half * bankStride + (long)o * width + group, pointStrideM,
                                work.Biases[half] == null ? 0f : work.Biases[half][channel], half == 0 ? strip : betaStrip, scratch);
                        WinogradTransforms<TLanes>.Store(strip, betaStrip, work.Epilogue, work.Output, planeIndex, tiles.Grid,
                            tiles.First + group, Math.Min(lanes, tiles.Count - group));
                    }
                }
            }
        }
    }

    private static int Slot(int slice, int taps) => slice % taps;

    /// <summary>V[ξ][panel][c][nr]: point ξ of tile (panel·nr + lane) of one padded input slice, every input channel.</summary>
    private static void TransformSlice(float* slice, TileBlock tiles, int inChannels, float* v, float* scratch)
    {
        int nr = TKernel.Columns, lanes = TLanes.Count, panels = (tiles.Count + nr - 1) / nr;
        long pointStride = (long)panels * inChannels * nr, channelStride = (long)tiles.Depth * tiles.Grid.PaddedPlane;
        for (int c = 0; c < inChannels; c++)
            for (int group = 0; group < tiles.Count; group += lanes)
            {
                float* target = v + ((long)(group / nr) * inChannels + c) * nr + group % nr;
                WinogradTransforms<TLanes>.Input(slice + c * channelStride, tiles.Grid, tiles.First + group, Math.Min(lanes, tiles.Count - group),
                    target, pointStride, scratch);
            }
    }

    /// <summary>M[ξ] (+)= U[ξ] · V[ξ] for output channels [channel0, channel0 + channelBlock) of one bank.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Multiply(WinogradWeights bank, int channel0, int channelBlock, float* v, int panels, float* m, int width, bool accumulate)
    {
        int mr = TKernel.Rows, nr = TKernel.Columns, inChannels = bank.InChannels;
        int rowPanel0 = channel0 / mr, rowPanels = Math.Min(channelBlock, bank.RowPanels * mr - channel0) / mr;
        long pointStrideV = (long)panels * inChannels * nr, pointStrideM = (long)channelBlock * width;
        for (int point = 0; point < Points; point++)
            for (int k0 = 0; k0 < inChannels; k0 += DepthBlock)
            {
                int depth = Math.Min(DepthBlock, inChannels - k0);
                bool fresh = k0 == 0 && !accumulate;
                for (int panel = 0; panel < panels; panel++)
                {
                    float* b = v + point * pointStrideV + ((long)panel * inChannels + k0) * nr;
                    for (int row = 0; row < rowPanels; row++)
                    {
                        float* c = m + point * pointStrideM + (long)row * mr * width + panel * nr;
                        TKernel.Run(depth, bank.Panel(point, rowPanel0 + row, k0), b, fresh ? null : c, width, c, width);
                    }
                }
            }
    }

    /// <summary>Tiles [First, First + Count) of every slice of a D×H×W volume: one task's share of the planes.</summary>
    private readonly record struct TileBlock(TileGrid Grid, int First, int Count, int Depth);

    /// <summary>What every task of one image shares: the kernels, biases, epilogue and output.</summary>
    private readonly struct Work(WinogradWeights[][] banks, float*[] biases, WinogradEpilogue epilogue, float* output, long outputImage)
    {
        public WinogradWeights[][] Banks { get; } = banks;

        public float*[] Biases { get; } = biases;

        public WinogradEpilogue Epilogue { get; } = epilogue;

        public float* Output { get; } = output;

        public long OutputImage { get; } = outputImage;
    }
}

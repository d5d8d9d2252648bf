using System.Runtime.CompilerServices;
using KDTalker.Kernels.Cpu.Gemm;

namespace KDTalker.Kernels.Cpu.Convolution.Winograd;

/// <summary>
/// A stride-1, padding-1 3×3 conv2d by F(4×4, 3×3): the input is zero-padded once, then each task takes a block of
/// tiles and (1) transforms their patches into the packed B panels of 36 GEMMs, (2) multiplies the pre-transformed
/// kernels U[ξ] (C_out × C_in) by them, a block of output channels at a time, straight on the micro-kernel (both
/// operands are already packed), and (3) transforms the products back through the bias and the epilogue into the
/// output. When modulating (SPADE), the γ and β halves are two banks multiplied side by side, so each output channel
/// has both at hand. Tile blocks are independent, so tasks never share a buffer.
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
    /// output = epilogue(conv(input)) for (batch, C_in, H, W) → (batch, C_out, H, W), with <paramref name="banks"/> one
    /// bank, or the γ and β banks of a modulating epilogue, and <paramref name="biases"/> each bank's bias (or null).
    /// </summary>
    public static void Run(CpuBackend backend, float* input, WinogradWeights[] banks, float*[] biases, in WinogradEpilogue epilogue,
        float* output, int batch, int height, int width)
    {
        var grid = new TileGrid(height, width);
        int inChannels = banks[0].InChannels, outChannels = banks[0].OutChannels;
        using var padded = new ScratchBuffer(backend, (long)inChannels * grid.PaddedPlane);
        int blockTiles = TKernel.Columns * PanelsPerBlock;
        int blocks = (grid.Count + blockTiles - 1) / blockTiles;
        var fused = epilogue;
        for (int image = 0; image < batch; image++)
        {
            float* x = input + (long)image * inChannels * height * width;
            long outputImage = (long)image * outChannels * height * width;
            backend.For(inChannels, c => Pad(x + (long)c * height * width, grid, padded.Pointer + (long)c * grid.PaddedPlane));
            backend.For(blocks, block =>
            {
                int first = block * blockTiles;
                var tiles = new TileBlock(grid, first, Math.Min(blockTiles, grid.Count - first));
                RunBlock(backend, padded.Pointer, banks, biases, fused, output, outputImage, tiles);
            });
        }
    }

    /// <summary>Copies an H×W plane into the middle of a zero (PaddedHeight × PaddedWidth) plane at (1, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pad(float* plane, TileGrid grid, float* padded)
    {
        new Span<float>(padded, grid.PaddedPlane).Clear();
        for (int y = 0; y < grid.Height; y++)
            new ReadOnlySpan<float>(plane + (long)y * grid.Width, grid.Width).CopyTo(new Span<float>(padded + (long)(y + 1) * grid.PaddedWidth + 1, grid.Width));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunBlock(CpuBackend backend, float* padded, WinogradWeights[] banks, float*[] biases, in WinogradEpilogue epilogue,
        float* output, long outputImage, TileBlock tiles)
    {
        int mr = TKernel.Rows, nr = TKernel.Columns, lanes = TLanes.Count;
        int inChannels = banks[0].InChannels, outChannels = banks[0].OutChannels;
        int panels = (tiles.Count + nr - 1) / nr, width = panels * nr;
        int channelBlock = Math.Min(ChannelBlock / banks.Length / mr * mr, banks[0].RowPanels * mr);
        long bankStride = (long)Points * channelBlock * width;
        using var transformed = new ScratchBuffer(backend, (long)Points * inChannels * width);
        using var products = new ScratchBuffer(backend, banks.Length * bankStride);
        float* scratch = stackalloc float[WinogradTransforms<TLanes>.ScratchFloats];
        float* strips = stackalloc float[2 * WinogradTransforms<TLanes>.StripFloats];

        // V[ξ][panel][c][nr]: point ξ of tile (panel·nr + lane), input channel c.
        float* v = transformed.Pointer;
        long pointStrideV = (long)panels * inChannels * nr;
        for (int c = 0; c < inChannels; c++)
            for (int group = 0; group < tiles.Count; group += lanes)
            {
                float* target = v + ((long)(group / nr) * inChannels + c) * nr + group % nr;
                WinogradTransforms<TLanes>.Input(padded + (long)c * tiles.Grid.PaddedPlane, tiles.Grid, tiles.First + group,
                    Math.Min(lanes, tiles.Count - group), target, pointStrideV, scratch);
            }

        // M[bank][ξ][row][tile] for a block of output channels: row stride = width, point stride = channelBlock·width.
        long pointStrideM = (long)channelBlock * width;
        for (int channel0 = 0; channel0 < outChannels; channel0 += channelBlock)
        {
            for (int b = 0; b < banks.Length; b++)
                Multiply(banks[b], channel0, channelBlock, v, pointStrideV, panels, products.Pointer + b * bankStride, width);
            int channels = Math.Min(channelBlock, outChannels - channel0);
            for (int o = 0; o < channels; o++)
            {
                int channel = channel0 + o;
                long planeIndex = outputImage + (long)channel * tiles.Grid.Height * tiles.Grid.Width;
                for (int group = 0; group < tiles.Count; group += lanes)
                {
                    float* strip = null, betaStrip = null;
                    for (int b = 0; b < banks.Length; b++)
                    {
                        float* target = strips + b * WinogradTransforms<TLanes>.StripFloats;
                        WinogradTransforms<TLanes>.Output(products.Pointer + b * bankStride + (long)o * width + group, pointStrideM,
                            biases[b] == null ? 0f : biases[b][channel], target, scratch);
                        if (b == 0) strip = target; else betaStrip = target;
                    }
                    WinogradTransforms<TLanes>.Store(strip, betaStrip, epilogue, output, planeIndex, tiles.Grid,
                        tiles.First + group, Math.Min(lanes, tiles.Count - group));
                }
            }
        }
    }

    /// <summary>M[ξ] = U[ξ] · V[ξ] for output channels [channel0, channel0 + channelBlock) of one bank.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Multiply(WinogradWeights bank, int channel0, int channelBlock, float* v, long pointStrideV, int panels, float* m, int width)
    {
        int mr = TKernel.Rows, nr = TKernel.Columns, inChannels = bank.InChannels;
        int rowPanel0 = channel0 / mr, rowPanels = Math.Min(channelBlock, bank.RowPanels * mr - channel0) / mr;
        long pointStrideM = (long)channelBlock * width;
        for (int point = 0; point < Points; point++)
            for (int k0 = 0; k0 < inChannels; k0 += DepthBlock)
            {
                int depth = Math.Min(DepthBlock, inChannels - k0);
                for (int panel = 0; panel < panels; panel++)
                {
                    float* b = v + point * pointStrideV + ((long)panel * inChannels + k0) * nr;
                    for (int row = 0; row < rowPanels; row++)
                    {
                        float* c = m + point * pointStrideM + (long)row * mr * width + panel * nr;
                        TKernel.Run(depth, bank.Panel(point, rowPanel0 + row, k0), b, k0 == 0 ? null : c, width, c, width);
                    }
                }
            }
    }

    /// <summary>Tiles [First, First + Count) of a grid: one task's work.</summary>
    private readonly record struct TileBlock(TileGrid Grid, int First, int Count);
}

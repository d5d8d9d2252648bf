using System.Runtime.CompilerServices;
namespace KDTalker.Kernels.Cpu.Convolution.Winograd;

/// <summary>
/// A 3×3 kernel bank (C_out, C_in, 3, 3) in the Winograd domain, packed once as the GEMM's A operand: for each of the
/// 36 points ξ and each panel of <see cref="PanelRows"/> output channels, C_in steps of PanelRows values
/// (U[ξ][c_out][c_in] = (G g Gᵀ)[ξ]), output channels beyond C_out zero. The micro-kernel reads it in place.
/// Managed (pinned) memory, so a cached bank is freed with the weights it came from.
/// </summary>
internal sealed unsafe class WinogradWeights
{
    private const int ChannelRun = 64; // input channels per task: its writes stay within 64·MR-float runs per point
    private readonly float[] _packed;
    private readonly int _kernelStride;

    /// <summary>
    /// Transforms (on <paramref name="backend"/>'s threads) the bank whose first 3×3 kernel is at <paramref name="kernel"/>:
    /// outChannels × inChannels row-major 3×3 kernels, <paramref name="kernelStride"/> floats apart (9 for a conv2d
    /// weight, 27 for one depth tap of a conv3d weight), packed for a micro-kernel of <paramref name="panelRows"/> rows.
    /// </summary>
    public WinogradWeights(CpuBackend backend, float* kernel, int outChannels, int inChannels, int panelRows, int kernelStride)
    {
        (OutChannels, InChannels, PanelRows, _kernelStride) = (outChannels, inChannels, panelRows, kernelStride);
        RowPanels = (outChannels + panelRows - 1) / panelRows;
        _packed = GC.AllocateArray<float>(WinogradF43.Points * RowPanels * panelRows * inChannels, pinned: true);
        int runs = (inChannels + ChannelRun - 1) / ChannelRun;
        backend.For(RowPanels * runs, task => PackRun(kernel, task / runs, task % runs * ChannelRun));
    }

    public int OutChannels { get; }

    public int InChannels { get; }

    /// <summary>MR, the micro-kernel's rows.</summary>
    public int PanelRows { get; }

    public int RowPanels { get; }

    /// <summary>The A panel of point ξ and output-channel panel <paramref name="rowPanel"/>, from input channel k0 on.</summary>
    public float* Panel(int point, int rowPanel, int k0)
    {
        fixed (float* packed = _packed)
            return packed + ((long)(point * RowPanels + rowPanel) * InChannels + k0) * PanelRows; // pinned: stays valid
    }

    /// <summary>Transforms one panel's kernels for input channels [i0, i0 + ChannelRun) into the packed points.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackRun(float* kernel, int panel, int i0)
    {
        int inputs = Math.Min(ChannelRun, InChannels - i0), rows = PanelRows;
        long pointStride = (long)RowPanels * InChannels * rows;
        float* first = Panel(0, panel, i0);
        for (int row = 0; row < rows; row++)
        {
            int o = panel * rows + row;
            for (int i = 0; i < inputs; i++)
            {
                float* target = first + (long)i * rows + row;
                if (o < OutChannels)
                    WinogradF43.TransformKernel(kernel + ((long)o * InChannels + i0 + i) * _kernelStride, target, pointStride);
                else
                    for (int point = 0; point < WinogradF43.Points; point++)
                        target[point * pointStride] = 0f;
            }
        }
    }
}

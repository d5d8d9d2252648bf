using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu.Convolution;

/// <summary>
/// The spatial part of a convolution seen as 3-D: a 2-D one is the same with depth 1, kernel depth 1,
/// stride 1 and no padding along D, so one code path serves both.
/// </summary>
internal readonly record struct ConvolutionShape(
    int Depth, int Height, int Width,
    int KernelDepth, int KernelHeight, int KernelWidth,
    int StrideD, int StrideH, int StrideW,
    int PadD, int PadH, int PadW,
    int OutDepth, int OutHeight, int OutWidth)
{
    public static ConvolutionShape From(ConvGeometry geometry)
    {
        int lead = 3 - geometry.SpatialRank;
        int At(int[] values, int axis, int fallback) => axis < lead ? fallback : values[axis - lead];
        return new ConvolutionShape(
            At(geometry.InputSize, 0, 1), At(geometry.InputSize, 1, 1), At(geometry.InputSize, 2, 1),
            At(geometry.KernelSize, 0, 1), At(geometry.KernelSize, 1, 1), At(geometry.KernelSize, 2, 1),
            At(geometry.Stride, 0, 1), At(geometry.Stride, 1, 1), At(geometry.Stride, 2, 1),
            At(geometry.Padding, 0, 0), At(geometry.Padding, 1, 0), At(geometry.Padding, 2, 0),
            At(geometry.OutputSize, 0, 1), At(geometry.OutputSize, 1, 1), At(geometry.OutputSize, 2, 1));
    }

    /// <summary>Elements of one input channel.</summary>
    public int InputVolume => Depth * Height * Width;

    /// <summary>Taps of one kernel channel.</summary>
    public int KernelVolume => KernelDepth * KernelHeight * KernelWidth;

    /// <summary>Elements of one output channel: the GEMM's N.</summary>
    public int OutputVolume => OutDepth * OutHeight * OutWidth;

    /// <summary>A 1×1(×1) kernel with stride 1 and no padding: the input already is the GEMM's B.</summary>
    public bool IsPointwise =>
        KernelVolume == 1 && StrideD == 1 && StrideH == 1 && StrideW == 1 && PadD == 0 && PadH == 0 && PadW == 0;

    /// <summary>Output positions [first, last) along one axis whose tap <paramref name="tap"/> lands inside the input.</summary>
    public static (int First, int Last) ValidOutputs(int input, int output, int stride, int padding, int tap)
    {
        // in = out·stride − padding + tap must lie in [0, input).
        int low = padding - tap, high = input - 1 + padding - tap;
        int first = low <= 0 ? 0 : (low + stride - 1) / stride;
        int last = high < 0 ? 0 : Math.Min(output, high / stride + 1);
        return (first, Math.Max(first, last));
    }
}

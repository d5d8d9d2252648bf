namespace KDTalker.Tensors;

/// <summary>
/// Shape of a 2-D or 3-D convolution (cross-correlation, zero padding, dilation 1), PyTorch layout:
/// input (N, C_in, [D,] H, W), weight (C_out, C_in/groups, [kD,] kH, kW), output (N, C_out, [D',] H', W').
/// Spatial arrays are ordered as the tensor axes: (H, W) or (D, H, W).
/// </summary>
public sealed record ConvGeometry(
    int Batch,
    int InChannels,
    int OutChannels,
    int Groups,
    int[] InputSize,
    int[] KernelSize,
    int[] Stride,
    int[] Padding,
    int[] OutputSize)
{
    /// <summary>2 or 3.</summary>
    public int SpatialRank => InputSize.Length;

    /// <summary>True when every group has one input and one output channel (depthwise).</summary>
    public bool IsDepthwise => Groups == InChannels && Groups == OutChannels && Groups > 1;

    /// <summary>Multiply-accumulates of the whole convolution.</summary>
    public long MacCount =>
        (long)Batch * OutChannels * (InChannels / Groups) * ShapeMath.Product(KernelSize, 0, KernelSize.Length) * ShapeMath.Product(OutputSize, 0,
            OutputSize.Length);

    /// <summary>Output size of one spatial axis: floor((in + 2·pad − k)/stride) + 1.</summary>
    public static int OutputLength(int input, int kernel, int stride, int padding) => (input + 2 * padding - kernel) / stride + 1;
}

using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu.Convolution.Winograd;

/// <summary>
/// Which convolutions go to F(4×4, 3×3): stride-1, padding-1 3×3 conv2d and 3×3×3 conv3d with enough channels to
/// amortise the transforms.
/// </summary>
internal static class WinogradPolicy
{
    private const int MinimumChannels = 16;

    public static bool Applies(ConvGeometry geometry) =>
        geometry.Groups == 1 && geometry.InChannels >= MinimumChannels && geometry.OutChannels >= MinimumChannels
        && (geometry is { KernelSize: [3, 3], Stride: [1, 1], Padding: [1, 1] }
            || geometry is { KernelSize: [3, 3, 3], Stride: [1, 1, 1], Padding: [1, 1, 1] });
}

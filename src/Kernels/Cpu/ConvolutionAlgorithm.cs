namespace KDTalker.Kernels.Cpu;

/// <summary>How the CPU backend computes convolutions.</summary>
public enum ConvolutionAlgorithm
{
    /// <summary>
    /// Winograd F(4×4, 3×3) for the stride-1 3×3 conv2d and 3×3×3 conv3d where it pays (enough channels and tiles),
    /// the direct (implicit-GEMM) path elsewhere.
    /// </summary>
    Auto,
    /// <summary>Always the direct implicit-GEMM convolution (im2col panels): the reference to compare numerics with.</summary>
    Direct,
}

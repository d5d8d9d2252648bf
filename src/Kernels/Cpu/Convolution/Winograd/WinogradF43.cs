using System.Runtime.CompilerServices;
namespace KDTalker.Kernels.Cpu.Convolution.Winograd;

/// <summary>
/// Winograd's minimal filtering F(4×4, 3×3) (Lavin &amp; Gray 2016): a 4×4 output tile of a stride-1 3×3 convolution is
/// Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A for its 6×6 input patch d, 36 multiplications per input channel instead of 144. The 2-D
/// transforms are the 1-D ones applied to rows, then to columns. Interpolation points 0, ±½, ±2, ∞ (Toom–Cook): in
/// float32 they halve the worst error of the usual 0, ±1, ±2, ∞ (measured on a 512-channel layer: 3.4e-5 against
/// 7.2e-5, float64 reference), which the released SPADE decoder needs to stay within its golden tolerances; every
/// coefficient but G's is a power of two or 17/4, so the transforms round no more than the products do.
/// </summary>
internal static class WinogradF43
{
    /// <summary>Output tile side m.</summary>
    public const int Tile = 4;

    /// <summary>Input patch side m + r − 1.</summary>
    public const int Patch = 6;

    /// <summary>Transformed elements per tile and channel (the 36 independent GEMMs).</summary>
    public const int Points = Patch * Patch;

    /// <summary>
    /// U = G g Gᵀ of one 3×3 kernel (row-major taps), in float64 and rounded once: <paramref name="transformed"/>[6·i + j]
    /// is written at <paramref name="transformed"/> + (6·i + j)·<paramref name="stride"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void TransformKernel(float* kernel, float* transformed, long stride)
    {
        // G g, column by column (6×3).
        Kernel(kernel[0], kernel[3], kernel[6], out double a0, out double a1, out double a2, out double a3, out double a4, out double a5);
        Kernel(kernel[1], kernel[4], kernel[7], out double b0, out double b1, out double b2, out double b3, out double b4, out double b5);
        Kernel(kernel[2], kernel[5], kernel[8], out double c0, out double c1, out double c2, out double c3, out double c4, out double c5);
        // Then (G g) Gᵀ, row by row.
        Row(a0, b0, c0, transformed, stride);
        Row(a1, b1, c1, transformed + 6 * stride, stride);
        Row(a2, b2, c2, transformed + 12 * stride, stride);
        Row(a3, b3, c3, transformed + 18 * stride, stride);
        Row(a4, b4, c4, transformed + 24 * stride, stride);
        Row(a5, b5, c5, transformed + 30 * stride, stride);
    }

    private static unsafe void Row(double g0, double g1, double g2, float* target, long stride)
    {
        Kernel(g0, g1, g2, out double u0, out double u1, out double u2, out double u3, out double u4, out double u5);
        target[0] = (float)u0;
        target[stride] = (float)u1;
        target[2 * stride] = (float)u2;
        target[3 * stride] = (float)u3;
        target[4 * stride] = (float)u4;
        target[5 * stride] = (float)u5;
    }

    /// <summary>G g for three kernel taps: G = [1 0 0; −8/15 −4/15 −2/15; −8/15 4/15 −2/15; 1/30 1/15 2/15; 1/30 −1/15 2/15; 0 0 1].</summary>
    private static void Kernel(double g0, double g1, double g2, out double u0, out double u1, out double u2, out double u3, out double u4, out double u5)
    {
        u0 = g0;
        u1 = -(8 * g0 + 4 * g1 + 2 * g2) / 15;
        u2 = -(8 * g0 - 4 * g1 + 2 * g2) / 15;
        u3 = (g0 + 2 * g1 + 4 * g2) / 30;
        u4 = (g0 - 2 * g1 + 4 * g2) / 30;
        u5 = g2;
    }

    /// <summary>
    /// Bᵀd for six inputs d0..d5 (one row or column of a patch):
    /// Bᵀ = [1 0 −17/4 0 1 0; 0 −2 −4 ½ 1 0; 0 2 −4 −½ 1 0; 0 −½ −¼ 2 1 0; 0 ½ −¼ −2 1 0; 0 1 0 −17/4 0 1].
    /// </summary>
    public static void Input<T>(T d0, T d1, T d2, T d3, T d4, T d5, out T t0, out T t1, out T t2, out T t3, out T t4, out T t5)
        where T : struct, ILanes<T>
    {
        var even12 = d4 - d2 * 4f;
        var odd12 = d3 * 0.5f - d1 * 2f;
        var even34 = d4 - d2 * 0.25f;
        var odd34 = d3 * 2f - d1 * 0.5f;
        t0 = d0 - d2 * 4.25f + d4;
        t1 = even12 + odd12;
        t2 = even12 - odd12;
        t3 = even34 + odd34;
        t4 = even34 - odd34;
        t5 = d1 - d3 * 4.25f + d5;
    }

    /// <summary>
    /// Aᵀm for six transformed products m0..m5, the four outputs of one row or column:
    /// Aᵀ = [1 1 1 1 1 0; 0 ½ −½ 2 −2 0; 0 ¼ ¼ 4 4 0; 0 ⅛ −⅛ 8 −8 1].
    /// </summary>
    public static void Output<T>(T m0, T m1, T m2, T m3, T m4, T m5, out T o0, out T o1, out T o2, out T o3)
        where T : struct, ILanes<T>
    {
        var s12 = m1 + m2;
        var d12 = m1 - m2;
        var s34 = m3 + m4;
        var d34 = m3 - m4;
        o0 = m0 + s12 + s34;
        o1 = d12 * 0.5f + d34 * 2f;
        o2 = s12 * 0.25f + s34 * 4f;
        o3 = d12 * 0.125f + d34 * 8f + m5;
    }
}

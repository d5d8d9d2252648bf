using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KDTalker.Kernels.Cpu.Elementwise;

/// <summary>
/// exp for float vectors (Cephes expf: x = n·ln2 + r with |r| ≤ ln2/2, a degree-6 polynomial for e^r,
/// then 2^n from the exponent bits; ≤ 2 ulp, inputs clamped to ±88), and an erf for GELU.
/// </summary>
internal static class VectorMath
{
    private const float Log2E = 1.44269504088896341f, Ln2Hi = 0.693359375f, Ln2Lo = -2.12194440e-4f;
    private const float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f, P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f,
        P5 = 5.0000001201e-1f;
    private const float MaxInput = 88.3762626647949f, MinInput = -87.3365447504019f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(MinInput)), Vector256.Create(MaxInput));
        var n = Vector256.Round(x * Vector256.Create(Log2E));
        var r = x - n * Vector256.Create(Ln2Hi) - n * Vector256.Create(Ln2Lo);
        var p = Vector256.Create(P0);
        p = p * r + Vector256.Create(P1);
        p = p * r + Vector256.Create(P2);
        p = p * r + Vector256.Create(P3);
        p = p * r + Vector256.Create(P4);
        p = p * r + Vector256.Create(P5);
        p = p * r * r + r + Vector256<float>.One;
        var scale = Vector256.ShiftLeft(Vector256.ConvertToInt32(n) + Vector256.Create(127), 23).AsSingle();
        return p * scale;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> x)
    {
        x = Vector128.Min(Vector128.Max(x, Vector128.Create(MinInput)), Vector128.Create(MaxInput));
        var n = Vector128.Round(x * Vector128.Create(Log2E));
        var r = x - n * Vector128.Create(Ln2Hi) - n * Vector128.Create(Ln2Lo);
        var p = Vector128.Create(P0);
        p = p * r + Vector128.Create(P1);
        p = p * r + Vector128.Create(P2);
        p = p * r + Vector128.Create(P3);
        p = p * r + Vector128.Create(P4);
        p = p * r + Vector128.Create(P5);
        p = p * r * r + r + Vector128<float>.One;
        var scale = Vector128.ShiftLeft(Vector128.ConvertToInt32(n) + Vector128.Create(127), 23).AsSingle();
        return p * scale;
    }

    /// <summary>
    /// erf(x) in double from the Chebyshev-fitted erfc of Numerical Recipes (fractional error &lt; 1.2e-7),
    /// plus the Taylor series near 0 where 1 − erfc would cancel.
    /// </summary>
    public static double Erf(double x)
    {
        double z = Math.Abs(x);
        if (z < 0.5)
        {
            double z2 = z * z; // 2/√π (z − z³/3 + z⁵/10 − z⁷/42 + z⁹/216 − z¹¹/1320)
            double series = z * (1 - z2 / 3 * (1 - z2 * 3 / 10 * (1 - z2 * 5 / 21 * (1 - z2 * 7 / 36 * (1 - z2 * 9 / 55)))));
            return Math.CopySign(1.1283791670955126 * series, x);
        }
        double t = 1 / (1 + 0.5 * z);
        double erfc = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return Math.CopySign(1 - erfc, x);
    }
}

namespace KDTalker.Model.Media.Jpeg;

/// <summary>
/// Dequantisation and the 8×8 inverse DCT in fixed point: Loeffler, Ligtenberg and Moschytz, "Practical fast 1-D DCT
/// algorithms with 11 multiplications" (ICASSP 1989), in the integer staging of poppler's decoder that jpeg-js (and so
/// face-api's Node reference) uses. The same rounding at every stage makes our samples identical to theirs.
/// Arithmetic wraps like JavaScript's int32 operators.
/// </summary>
internal static class JpegIdct
{
    // Angles scaled by 4096 (2^12), √2 and √2/2 by 4096.
    private const int Cos1 = 4017, Sin1 = 799, Cos3 = 3406, Sin3 = 2276, Cos6 = 1567, Sin6 = 3784;
    private const int Sqrt2 = 5793, HalfSqrt2 = 2896;

    /// <summary>
    /// Transforms one block of quantised <paramref name="coefficients"/> (natural order) with <paramref name="quantization"/>
    /// and writes 8 rows of 8 samples to <paramref name="output"/>, rows <paramref name="stride"/> bytes apart.
    /// </summary>
    public static void Inverse(ReadOnlySpan<int> coefficients, ReadOnlySpan<int> quantization, Span<int> work, Span<byte> output, int stride)
    {
        for (int i = 0; i < 64; i++)
            work[i] = unchecked(coefficients[i] * quantization[i]);
        for (int row = 0; row < 64; row += 8)
            Pass(work, row, 1, rowPass: true);
        for (int column = 0; column < 8; column++)
            Pass(work, column, 8, rowPass: false);
        for (int y = 0; y < 8; y++)
        {
            var line = output.Slice(y * stride, 8);
            for (int x = 0; x < 8; x++)
                line[x] = (byte)Math.Clamp(128 + ((work[y * 8 + x] + 8) >> 4), 0, 255);
        }
    }

    /// <summary>
    /// One 1-D pass over the 8 values at <paramref name="start"/>, <paramref name="start"/> + step, …. The row pass keeps
    /// 4 extra fraction bits (the odd inputs are pre-scaled by 16, the rest by 256 / 4096); the column pass removes them.
    /// </summary>
    private static void Pass(Span<int> p, int start, int step, bool rowPass)
    {
        unchecked
        {
            int i0 = start, i1 = start + step, i2 = start + 2 * step, i3 = start + 3 * step;
            int i4 = start + 4 * step, i5 = start + 5 * step, i6 = start + 6 * step, i7 = start + 7 * step;
            if (p[i1] == 0 && p[i2] == 0 && p[i3] == 0 && p[i4] == 0 && p[i5] == 0 && p[i6] == 0 && p[i7] == 0)
            {
                int dc = rowPass ? (Sqrt2 * p[i0] + 512) >> 10 : (Sqrt2 * p[i0] + 8192) >> 14;
                p[i0] = p[i1] = p[i2] = p[i3] = p[i4] = p[i5] = p[i6] = p[i7] = dc;
                return;
            }

            // Stage 4: the even part's DC pair and the odd part's butterfly inputs.
            int v0, v1, v4, v7, v5, v6;
            if (rowPass)
            {
                v0 = (Sqrt2 * p[i0] + 128) >> 8;
                v1 = (Sqrt2 * p[i4] + 128) >> 8;
                v4 = (HalfSqrt2 * (p[i1] - p[i7]) + 128) >> 8;
                v7 = (HalfSqrt2 * (p[i1] + p[i7]) + 128) >> 8;
                v5 = p[i3] << 4;
                v6 = p[i5] << 4;
            }
            else
            {
                v0 = (Sqrt2 * p[i0] + 2048) >> 12;
                v1 = (Sqrt2 * p[i4] + 2048) >> 12;
                v4 = (HalfSqrt2 * (p[i1] - p[i7]) + 2048) >> 12;
                v7 = (HalfSqrt2 * (p[i1] + p[i7]) + 2048) >> 12;
                v5 = p[i3];
                v6 = p[i5];
            }
            int v2 = p[i2], v3 = p[i6];
            int rotationRound = rowPass ? 128 : 2048, rotationShift = rowPass ? 8 : 12;

            // Stage 3.
            int t = (v0 - v1 + 1) >> 1;
            v0 = (v0 + v1 + 1) >> 1;
            v1 = t;
            t = (v2 * Sin6 + v3 * Cos6 + rotationRound) >> rotationShift;
            v2 = (v2 * Cos6 - v3 * Sin6 + rotationRound) >> rotationShift;
            v3 = t;
            t = (v4 - v6 + 1) >> 1;
            v4 = (v4 + v6 + 1) >> 1;
            v6 = t;
            t = (v7 + v5 + 1) >> 1;
            v5 = (v7 - v5 + 1) >> 1;
            v7 = t;

            // Stage 2.
            t = (v0 - v3 + 1) >> 1;
            v0 = (v0 + v3 + 1) >> 1;
            v3 = t;
            t = (v1 - v2 + 1) >> 1;
            v1 = (v1 + v2 + 1) >> 1;
            v2 = t;
            t = (v4 * Sin3 + v7 * Cos3 + 2048) >> 12;
            v4 = (v4 * Cos3 - v7 * Sin3 + 2048) >> 12;
            v7 = t;
            t = (v5 * Sin1 + v6 * Cos1 + 2048) >> 12;
            v5 = (v5 * Cos1 - v6 * Sin1 + 2048) >> 12;
            v6 = t;

            // Stage 1: the output butterflies.
            p[i0] = v0 + v7;
            p[i7] = v0 - v7;
            p[i1] = v1 + v6;
            p[i6] = v1 - v6;
            p[i2] = v2 + v5;
            p[i5] = v2 - v5;
            p[i3] = v3 + v4;
            p[i4] = v3 - v4;
        }
    }
}

using KDTalker.Kernels.Cpu.Gemm;

namespace KDTalker.Kernels.Cpu.Convolution;

/// <summary>
/// The implicit im2col matrix of one image and group, as a GEMM B operand: row r = (channel, kd, kh, kw),
/// column p = (od, oh, ow), value input[channel, od·sD − pD + kd, oh·sH − pH + kh, ow·sW − pW + kw] or
/// zero in the padding. Panels are packed straight from the input; the matrix never exists.
/// </summary>
internal readonly unsafe struct Im2ColPanels(float* input, ConvolutionShape shape) : IPanelSource
{
    private const int MaxPanelWidth = 32;

    /// <inheritdoc />
    public void PackPanel(float* destination, int width, int k0, int depth, int column0, int columns)
    {
        var s = shape;
        // Where each column's receptive field starts (tap 0), in input coordinates.
        int* originD = stackalloc int[MaxPanelWidth];
        int* originH = stackalloc int[MaxPanelWidth];
        int* originW = stackalloc int[MaxPanelWidth];
        int ow = column0 % s.OutWidth, rest = column0 / s.OutWidth;
        int oh = rest % s.OutHeight, od = rest / s.OutHeight;
        // Stride-1 columns within one output row read one contiguous input run per row of B.
        bool oneRun = s.StrideW == 1 && ow + columns <= s.OutWidth;
        for (int j = 0; j < columns; j++)
        {
            originD[j] = od * s.StrideD - s.PadD;
            originH[j] = oh * s.StrideH - s.PadH;
            originW[j] = ow * s.StrideW - s.PadW;
            if (++ow == s.OutWidth)
            {
                ow = 0;
                if (++oh == s.OutHeight)
                {
                    oh = 0;
                    od++;
                }
            }
        }

        int kw = k0 % s.KernelWidth;
        rest = k0 / s.KernelWidth;
        int kh = rest % s.KernelHeight;
        rest /= s.KernelHeight;
        int kd = rest % s.KernelDepth, channel = rest / s.KernelDepth;
        for (int p = 0; p < depth;)
        {
            // One (channel, kd, kh) input row serves the next run of kw taps.
            int taps = Math.Min(s.KernelWidth - kw, depth - p);
            float* plane = input + (long)channel * s.InputVolume;
            if (oneRun)
                PackRuns(destination + p * width, width, plane, originD[0] + kd, originH[0] + kh, originW[0] + kw, taps, columns);
            else
                for (int t = 0; t < taps; t++)
                    PackGathered(destination + (p + t) * width, width, plane, originD, originH, originW, kd, kh, kw + t, columns);
            p += taps;
            kw = 0;
            if (++kh == s.KernelHeight)
            {
                kh = 0;
                if (++kd == s.KernelDepth)
                {
                    kd = 0;
                    channel++;
                }
            }
        }
    }

    /// <summary>
    /// <paramref name="taps"/> consecutive B rows whose columns read input[d, h, w + t .. w + t + columns):
    /// copy the part inside the input row, zero the rest.
    /// </summary>
    private void PackRuns(float* target, int width, float* plane, int d, int h, int w, int taps, int columns)
    {
        var s = shape;
        if ((uint)d >= (uint)s.Depth || (uint)h >= (uint)s.Height)
        {
            new Span<float>(target, width * taps).Clear();
            return;
        }
        float* row = plane + ((long)d * s.Height + h) * s.Width;
        for (int t = 0; t < taps; t++, w++, target += width)
        {
            if (w >= 0 && w + width <= s.Width && columns == width)
            {
                PanelCopy.Run(row + w, target, width);
                continue;
            }
            int first = Math.Max(0, -w), last = Math.Min(columns, s.Width - w);
            new Span<float>(target, width).Clear();
            if (last > first)
                PanelCopy.Run(row + w + first, target + first, last - first);
        }
    }

    private void PackGathered(float* target, int width, float* plane, int* originD, int* originH, int* originW, int kd, int kh, int kw, int columns)
    {
        var s = shape;
        for (int j = 0; j < columns; j++)
        {
            int d = originD[j] + kd, h = originH[j] + kh, w = originW[j] + kw;
            bool inside = (uint)d < (uint)s.Depth && (uint)h < (uint)s.Height && (uint)w < (uint)s.Width;
            target[j] = inside ? plane[((long)d * s.Height + h) * s.Width + w] : 0f;
        }
        for (int j = columns; j < width; j++)
            target[j] = 0f;
    }
}

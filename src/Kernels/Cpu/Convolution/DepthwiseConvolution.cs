using System.Runtime.Intrinsics;

namespace KDTalker.Kernels.Cpu.Convolution;

/// <summary>
/// Direct depthwise convolution (one input and one output channel per group, e.g. ConvNeXt's 7×7):
/// each output row is the bias plus, for every tap, a weight times a shifted input row.
/// </summary>
internal static unsafe class DepthwiseConvolution
{
    public static void Run(CpuBackend backend, float* input, float* weight, float* bias, float* output, int batch, int channels, ConvolutionShape s)
    {
        var simd = backend.Simd;
        backend.For(batch * channels, plane =>
        {
            int channel = plane % channels;
            float* source = input + (long)plane * s.InputVolume;
            float* target = output + (long)plane * s.OutputVolume;
            float* kernel = weight + (long)channel * s.KernelVolume;
            float start = bias == null ? 0f : bias[channel];
            for (int od = 0; od < s.OutDepth; od++)
                for (int oh = 0; oh < s.OutHeight; oh++)
                {
                    float* row = target + ((long)od * s.OutHeight + oh) * s.OutWidth;
                    new Span<float>(row, s.OutWidth).Fill(start);
                    for (int kd = 0; kd < s.KernelDepth; kd++)
                    {
                        int d = od * s.StrideD - s.PadD + kd;
                        if ((uint)d >= (uint)s.Depth)
                            continue;
                        for (int kh = 0; kh < s.KernelHeight; kh++)
                        {
                            int h = oh * s.StrideH - s.PadH + kh;
                            if ((uint)h >= (uint)s.Height)
                                continue;
                            float* inputRow = source + ((long)d * s.Height + h) * s.Width;
                            float* taps = kernel + (kd * s.KernelHeight + kh) * s.KernelWidth;
                            for (int kw = 0; kw < s.KernelWidth; kw++)
                                AddTap(row, inputRow, taps[kw], kw, s, simd);
                        }
                    }
                }
        });
    }

    /// <summary>row[ow] += tap · inputRow[ow·sW − pW + kw] over the outputs whose input lies inside the row.</summary>
    private static void AddTap(float* row, float* inputRow, float tap, int kw, ConvolutionShape s, SimdLevel simd)
    {
        var (first, last) = ConvolutionShape.ValidOutputs(s.Width, s.OutWidth, s.StrideW, s.PadW, kw);
        float* source = inputRow + first * s.StrideW - s.PadW + kw;
        int count = last - first, i = 0;
        float* target = row + first;
        if (s.StrideW != 1)
        {
            for (; i < count; i++)
                target[i] += tap * source[i * s.StrideW];
            return;
        }
        if (simd >= SimdLevel.Vector256)
        {
            var weight = Vector256.Create(tap);
            for (; i <= count - 8; i += 8)
                Vector256.Store(Vector256.FusedMultiplyAdd(weight, Vector256.Load(source + i), Vector256.Load(target + i)), target + i);
        }
        else if (simd == SimdLevel.Vector128)
        {
            var weight = Vector128.Create(tap);
            for (; i <= count - 4; i += 4)
                Vector128.Store(Vector128.Load(target + i) + weight * Vector128.Load(source + i), target + i);
        }
        for (; i < count; i++)
            target[i] += tap * source[i];
    }
}

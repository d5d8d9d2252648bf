using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using KDTalker.Kernels.Cpu.Elementwise;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu.Convolution;

/// <summary>
/// Direct depthwise 2-D convolution (groups = channels, e.g. ConvNeXt's 7×7): each channel is copied
/// into a zero-padded plane, then every output row accumulates kH·kW shifted input rows times a
/// scalar weight, vectorised along the row. A GEMM would waste its reuse here: each weight meets one channel.
/// </summary>
internal static unsafe class DepthwiseConvolution
{
    public static void Run(CpuBackend backend, float* input, float* weight, float* bias, float* output, ConvGeometry g)
    {
        int height = g.InputSize[0], width = g.InputSize[1], kh = g.KernelSize[0], kw = g.KernelSize[1];
        int sh = g.Stride[0], sw = g.Stride[1], ph = g.Padding[0], pw = g.Padding[1];
        int outHeight = g.OutputSize[0], outWidth = g.OutputSize[1];
        int paddedHeight = height + 2 * ph, paddedWidth = width + 2 * pw;
        int planes = g.Batch * g.InChannels;
        backend.For(planes, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (plane) =>
        {
            int channel = plane % g.InChannels;
            var padded = new float[paddedHeight * paddedWidth];
            var row = new float[outWidth];
            float* source = input + (long)plane * height * width;
            float* target = output + (long)plane * outHeight * outWidth;
            float* w = weight + (long)channel * kh * kw;
            float b = bias == null ? 0f : bias[channel];
            fixed (float* pad = padded)
            fixed (float* accumulator = row)
            {
                for (int y = 0; y < height; y++)
                    Buffer.MemoryCopy(source + y * width, pad + (y + ph) * paddedWidth + pw, width * sizeof(float), width * sizeof(float));
                for (int oy = 0; oy < outHeight; oy++)
                {
                    new Span<float>(accumulator, outWidth).Fill(b);
                    for (int i = 0; i < kh; i++)
                        for (int j = 0; j < kw; j++)
                            AccumulateRow(accumulator, pad + (oy * sh + i) * paddedWidth + j, w[i * kw + j], outWidth, sw, backend.Simd);
                    Buffer.MemoryCopy(accumulator, target + oy * outWidth, outWidth * sizeof(float), outWidth * sizeof(float));
                }
            }
        });
    }

    private static void AccumulateRow(float* accumulator, float* source, float weight, int count, int stride, SimdLevel simd)
    {
        int x = 0;
        if (stride == 1 && simd >= SimdLevel.Vector256)
        {
            var w = Vector256.Create(weight);
            for (; x + 8 <= count; x += 8)
                Vector256.FusedMultiplyAdd(Vector256.Load(source + x), w, Vector256.Load(accumulator + x)).Store(accumulator + x);
        }
        else if (stride == 1 && simd == SimdLevel.Vector128)
        {
            var w = Vector128.Create(weight);
            for (; x + 4 <= count; x += 4)
                Fused.MultiplyAdd(Vector128.Load(source + x), w, Vector128.Load(accumulator + x)).Store(accumulator + x);
        }
        for (; x < count; x++)
            accumulator[x] += source[x * stride] * weight;
    }
}

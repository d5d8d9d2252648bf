using System.Runtime.CompilerServices;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu.Normalization;

/// <summary>
/// (x − μ)/√(σ² + eps)·w[l] + b[l] along the middle axis of (outer, length, inner), biased variance,
/// statistics in float64 (two passes). Inner = 1 is a row-wise norm (nn.LayerNorm over the last axis,
/// InstanceNorm over a plane); inner &gt; 1 normalises across channels at every position (ConvNeXt's
/// channels_first LayerNorm), a block of positions at a time.
/// </summary>
internal static unsafe class LayerNormKernel
{
    private const int Block = 256;

    public static void Run(CpuBackend backend, float* x, float* y, float* weight, float* bias, float eps, AxisSplit split)
    {
        int length = split.Length, inner = split.Inner, blocks = (inner + Block - 1) / Block;
        backend.For(split.Outer * blocks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (task) =>
        {
            int o = task / blocks, start = task % blocks * Block, count = Math.Min(Block, inner - start);
            float* source = x + (long)o * length * inner + start;
            float* target = y + (long)o * length * inner + start;
            Span<double> mean = stackalloc double[count];
            Span<double> variance = stackalloc double[count];
            mean.Clear();
            variance.Clear();
            for (int l = 0; l < length; l++)
                for (int i = 0; i < count; i++)
                    mean[i] += source[(long)l * inner + i];
            for (int i = 0; i < count; i++)
                mean[i] /= length;
            for (int l = 0; l < length; l++)
                for (int i = 0; i < count; i++)
                {
                    double d = source[(long)l * inner + i] - mean[i];
                    variance[i] += d * d;
                }
            Span<float> scale = stackalloc float[count];
            Span<float> meanF = stackalloc float[count];
            for (int i = 0; i < count; i++)
            {
                scale[i] = (float)(1 / Math.Sqrt(variance[i] / length + eps));
                meanF[i] = (float)mean[i];
            }
            for (int l = 0; l < length; l++)
            {
                float w = weight == null ? 1f : weight[l], b = bias == null ? 0f : bias[l];
                float* row = source + (long)l * inner, output = target + (long)l * inner;
                for (int i = 0; i < count; i++)
                    output[i] = (row[i] - meanF[i]) * scale[i] * w + b;
            }
        });
    }
}

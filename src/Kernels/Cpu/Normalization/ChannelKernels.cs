using KDTalker.Kernels.Cpu.Elementwise;

namespace KDTalker.Kernels.Cpu.Normalization;

/// <summary>Per-channel norms on (N, C, ...) and ConvNeXt-V2's global response norm on (N, H, W, C).</summary>
internal static unsafe class ChannelKernels
{
    /// <summary>Inference BatchNorm: y = x·α[c] + β[c] with α = w/√(var + eps), β = b − mean·α.</summary>
    public static void BatchNorm(CpuBackend backend, float* x, float* y, int batch, int channels, int plane,
        float* mean, float* variance, float* weight, float* bias, float eps)
    {
        var simd = backend.Simd;
        backend.For(batch * channels, index =>
        {
            int c = index % channels;
            float alpha = (weight == null ? 1f : weight[c]) / MathF.Sqrt(variance[c] + eps);
            float beta = (bias == null ? 0f : bias[c]) - mean[c] * alpha;
            float* source = x + (long)index * plane, target = y + (long)index * plane;
            UnaryKernel.AffineRange(source, target, plane, alpha, beta, simd);
        });
    }

    /// <summary>GRN: G = ‖x‖₂ over (H, W) per channel, Nx = G / (mean_C G + eps), y = γ·(x·Nx) + β + x.</summary>
    public static void GlobalResponseNorm(CpuBackend backend, float* x, float* y, int batch, int positions, int channels, float* gamma, float* beta, float eps)
    {
        for (int n = 0; n < batch; n++)
        {
            float* source = x + (long)n * positions * channels, target = y + (long)n * positions * channels;
            var norms = new double[channels];
            for (int p = 0; p < positions; p++)
                for (int c = 0; c < channels; c++)
                {
                    double v = source[(long)p * channels + c];
                    norms[c] += v * v;
                }
            var g = norms.Select(Math.Sqrt).Select(v => (float)v).ToArray();
            float meanNorm = (float)g.Select(v => (double)v).Average();
            var factor = new float[channels];
            for (int c = 0; c < channels; c++)
                factor[c] = g[c] / (meanNorm + eps);
            backend.For(positions, p =>
            {
                float* row = source + (long)p * channels, output = target + (long)p * channels;
                for (int c = 0; c < channels; c++)
                    output[c] = gamma[c] * (row[c] * factor[c]) + beta[c] + row[c];
            });
        }
    }
}

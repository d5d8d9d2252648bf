using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu.Reduction;

/// <summary>
/// Sum, mean, biased variance and max along the middle axis of an (outer, length, inner) layout.
/// Statistics accumulate in float64 (variance in two passes), so long reductions keep float32 accuracy.
/// </summary>
internal static unsafe class ReduceKernel
{
    public static void Run(CpuBackend backend, float* x, float* y, ReduceOp op, AxisSplit split)
    {
        int length = split.Length, inner = split.Inner;
        backend.For(split.Outer, o =>
        {
            var sums = new double[inner];
            float* block = x + (long)o * length * inner;
            float* target = y + (long)o * inner;
            if (op == ReduceOp.Max)
            {
                for (int i = 0; i < inner; i++)
                    target[i] = float.NegativeInfinity;
                for (int l = 0; l < length; l++)
                    for (int i = 0; i < inner; i++)
                        target[i] = MathF.Max(target[i], block[(long)l * inner + i]);
                return;
            }
            for (int l = 0; l < length; l++)
                for (int i = 0; i < inner; i++)
                    sums[i] += block[(long)l * inner + i];
            if (op == ReduceOp.Sum)
            {
                for (int i = 0; i < inner; i++)
                    target[i] = (float)sums[i];
                return;
            }
            for (int i = 0; i < inner; i++)
                sums[i] /= length;
            if (op == ReduceOp.Mean)
            {
                for (int i = 0; i < inner; i++)
                    target[i] = (float)sums[i];
                return;
            }
            var squares = new double[inner];
            for (int l = 0; l < length; l++)
                for (int i = 0; i < inner; i++)
                {
                    double d = block[(long)l * inner + i] - sums[i];
                    squares[i] += d * d;
                }
            for (int i = 0; i < inner; i++)
                target[i] = (float)(squares[i] / length);
        });
    }
}

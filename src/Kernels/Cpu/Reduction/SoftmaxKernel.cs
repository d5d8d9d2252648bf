using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using KDTalker.Kernels.Cpu.Elementwise;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu.Reduction;

/// <summary>
/// Stable softmax along the middle axis of (outer, length, inner): subtract the maximum, exponentiate,
/// divide by the sum. With inner &gt; 1 (e.g. over the 22 channels of a 16×64×64 volume) the three passes
/// run across a block of contiguous positions at once, vectorised along the positions.
/// </summary>
internal static unsafe class SoftmaxKernel
{
    private const int Block = 512;

    public static void Run(CpuBackend backend, float* x, float* y, AxisSplit split)
    {
        int length = split.Length, inner = split.Inner, blocks = (inner + Block - 1) / Block;
        var simd = backend.Simd;
        backend.For(split.Outer * blocks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (task) =>
        {
            int o = task / blocks, start = task % blocks * Block, count = Math.Min(Block, inner - start);
            float* source = x + (long)o * length * inner + start;
            float* target = y + (long)o * length * inner + start;
            Span<float> maximum = stackalloc float[count];
            Span<float> sum = stackalloc float[count];
            maximum.Fill(float.NegativeInfinity);
            sum.Clear();
            for (int l = 0; l < length; l++)
                for (int i = 0; i < count; i++)
                    maximum[i] = MathF.Max(maximum[i], source[(long)l * inner + i]);
            fixed (float* max = maximum)
            fixed (float* total = sum)
            {
                for (int l = 0; l < length; l++)
                    ExpShifted(source + (long)l * inner, target + (long)l * inner, max, total, count, simd);
                for (int i = 0; i < count; i++)
                    total[i] = 1f / total[i];
                for (int l = 0; l < length; l++)
                    Scale(target + (long)l * inner, total, count, simd);
            }
        });
    }

    private static void ExpShifted(float* source, float* target, float* max, float* total, int count, SimdLevel simd)
    {
        int i = 0;
        if (simd >= SimdLevel.Vector256)
            for (; i + 8 <= count; i += 8)
            {
                var e = VectorMath.Exp(Vector256.Load(source + i) - Vector256.Load(max + i));
                e.Store(target + i);
                (Vector256.Load(total + i) + e).Store(total + i);
            }
        else if (simd == SimdLevel.Vector128)
            for (; i + 4 <= count; i += 4)
            {
                var e = VectorMath.Exp(Vector128.Load(source + i) - Vector128.Load(max + i));
                e.Store(target + i);
                (Vector128.Load(total + i) + e).Store(total + i);
            }
        for (; i < count; i++)
        {
            target[i] = MathF.Exp(source[i] - max[i]);
            total[i] += target[i];
        }
    }

    private static void Scale(float* target, float* factor, int count, SimdLevel simd)
    {
        int i = 0;
        if (simd >= SimdLevel.Vector256)
            for (; i + 8 <= count; i += 8)
                (Vector256.Load(target + i) * Vector256.Load(factor + i)).Store(target + i);
        else if (simd == SimdLevel.Vector128)
            for (; i + 4 <= count; i += 4)
                (Vector128.Load(target + i) * Vector128.Load(factor + i)).Store(target + i);
        for (; i < count; i++)
            target[i] *= factor[i];
    }
}

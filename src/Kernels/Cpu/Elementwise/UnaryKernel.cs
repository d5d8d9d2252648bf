using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KDTalker.Kernels.Cpu.Elementwise;

/// <summary>Applies an <see cref="IUnaryFunction"/> over a contiguous range, in parallel chunks, at the backend's SIMD width.</summary>
internal static unsafe class UnaryKernel
{
    private const int Chunk = 1 << 15;

    public static void Run<TFunction>(CpuBackend backend, float* source, float* target, int length, float alpha) where TFunction : IUnaryFunction
    {
        var simd = backend.Simd;
        backend.For((length + Chunk - 1) / Chunk, chunk =>
        {
            int start = chunk * Chunk;
            Apply<TFunction>(source + start, target + start, Math.Min(Chunk, length - start), alpha, simd);
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply<TFunction>(float* source, float* target, int length, float alpha, SimdLevel simd) where TFunction : IUnaryFunction
    {
        int i = 0;
        if (simd >= SimdLevel.Vector256)
            for (; i + 8 <= length; i += 8)
                TFunction.Apply(Vector256.Load(source + i), alpha).Store(target + i);
        else if (simd == SimdLevel.Vector128)
            for (; i + 4 <= length; i += 4)
                TFunction.Apply(Vector128.Load(source + i), alpha).Store(target + i);
        for (; i < length; i++)
            target[i] = TFunction.Apply(source[i], alpha);
    }

    /// <summary>y = x·scale + shift.</summary>
    public static void Affine(CpuBackend backend, float* source, float* target, int length, float scale, float shift)
    {
        var simd = backend.Simd;
        backend.For((length + Chunk - 1) / Chunk, chunk =>
        {
            int start = chunk * Chunk;
            AffineRange(source + start, target + start, Math.Min(Chunk, length - start), scale, shift, simd);
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AffineRange(float* source, float* target, int length, float scale, float shift, SimdLevel simd)
    {
        int i = 0;
        if (simd >= SimdLevel.Vector256)
            for (var s = Vector256.Create(scale); i + 8 <= length; i += 8)
                Vector256.FusedMultiplyAdd(Vector256.Load(source + i), s, Vector256.Create(shift)).Store(target + i);
        else if (simd == SimdLevel.Vector128)
            for (var s = Vector128.Create(scale); i + 4 <= length; i += 4)
                Fused.MultiplyAdd(Vector128.Load(source + i), s, Vector128.Create(shift)).Store(target + i);
        for (; i < length; i++)
            target[i] = MathF.FusedMultiplyAdd(source[i], scale, shift);
    }
}

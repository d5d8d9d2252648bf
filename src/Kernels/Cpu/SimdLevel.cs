using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KDTalker.Kernels.Cpu;

/// <summary>The vector width the CPU kernels use.</summary>
public enum SimdLevel
{
    /// <summary>Plain scalar loops: any CPU.</summary>
    Scalar,
    /// <summary>128-bit vectors (SSE, Arm NEON).</summary>
    Vector128,
    /// <summary>256-bit vectors with fused multiply-add (x86 AVX2 + FMA).</summary>
    Vector256,
    /// <summary>512-bit vectors (x86 AVX-512F): the GEMM micro-kernel doubles its width; other kernels use 256 bits.</summary>
    Vector512,
}

/// <summary>What this CPU offers.</summary>
public static class CpuFeatures
{
    /// <summary>The widest level this machine runs natively.</summary>
    public static SimdLevel Best =>
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported && Fma.IsSupported && Avx2.IsSupported ? SimdLevel.Vector512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported && Avx2.IsSupported ? SimdLevel.Vector256
        : Vector128.IsHardwareAccelerated ? SimdLevel.Vector128
        : SimdLevel.Scalar;

    /// <summary>Human-readable instruction sets, e.g. "AVX2+FMA".</summary>
    public static string InstructionSets
    {
        get
        {
            var sets = new List<string>();
            if (Avx512F.IsSupported) sets.Add("AVX-512F");
            if (Avx2.IsSupported) sets.Add("AVX2");
            if (Fma.IsSupported) sets.Add("FMA");
            if (System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported) sets.Add("NEON");
            if (sets.Count == 0 && Sse2.IsSupported) sets.Add("SSE2");
            return sets.Count == 0 ? "none" : string.Join('+', sets);
        }
    }
}

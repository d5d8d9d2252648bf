using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace KDTalker.Kernels.Cpu.Elementwise;

/// <summary>
/// a·b + c for 128-bit vectors: one fused instruction where the CPU has it (x86 FMA, Arm NEON), and
/// multiply-then-add otherwise (Vector128.FusedMultiplyAdd would fall back to slow scalar emulation).
/// </summary>
internal static class Fused
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
        Fma.IsSupported || AdvSimd.IsSupported ? Vector128.FusedMultiplyAdd(a, b, c) : a * b + c;
}

using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KDTalker.Bench;

/// <summary>
/// This machine's FMA throughput, measured: 12 independent FMA chains per thread (enough to cover the
/// FMA latency on two pipes), on 1 thread and on every core at once, the best of <see cref="Repeats"/> runs (a
/// shared VM's single run can read half the real figure). The all-core figure is the peak that every kernel's
/// percentage refers to. Without x86 FMA (Arm) there is no figure: the loops are x86 intrinsics.
/// </summary>
public static class PeakFlops
{
    private const long Iterations = 40_000_000;

    /// <summary>Runs per measurement; the best counts.</summary>
    public const int Repeats = 5;

    /// <summary>GFLOP/s on one core and on every core (null without FMA), and the vector width that reached them.</summary>
    public sealed record Peak(double? OneCore, double? AllCores, string Width);

    public static Peak Measure(int threads)
    {
        if (!Fma.IsSupported)
            return new Peak(null, null, "no x86 FMA");
        string width = Avx512F.IsSupported ? "Vector512" : "Vector256";
        double one256 = Run(1, Loop256), one512 = Avx512F.IsSupported ? Run(1, Loop512) : 0;
        double all256 = Run(threads, Loop256), all512 = Avx512F.IsSupported ? Run(threads, Loop512) : 0;
        if (Avx512F.IsSupported && all512 <= all256 * 1.05)
            width = "Vector256 (512-bit FMAs give no more here)";
        return new Peak(Math.Max(one256, one512), Math.Max(all256, all512), width);
    }

    /// <summary>"NN%" of <paramref name="peak"/>, or "-" when there is no measured peak.</summary>
    public static string Percent(double gflops, double? peak) => peak is { } p ? $"{100 * gflops / p,4:F0}%" : $"{"-",5}";

    private static double Run(int threads, Func<long, float> loop)
    {
        loop(1000);
        double best = 0;
        for (int repeat = 0; repeat < Repeats; repeat++)
        {
            var clock = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => loop(Iterations));
            double seconds = clock.Elapsed.TotalSeconds;
            int lanes = loop == Loop512 ? 16 : 8;
            best = Math.Max(best, threads * Iterations * 12.0 * lanes * 2 / seconds / 1e9);
        }
        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Loop256(long iterations)
    {
        if (!Fma.IsSupported)
            return 0;
        var x = Vector256.Create(0.999f);
        var y = Vector256.Create(1e-7f);
        Vector256<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, x, y); a1 = Fma.MultiplyAdd(a1, x, y); a2 = Fma.MultiplyAdd(a2, x, y);
            a3 = Fma.MultiplyAdd(a3, x, y); a4 = Fma.MultiplyAdd(a4, x, y); a5 = Fma.MultiplyAdd(a5, x, y);
            a6 = Fma.MultiplyAdd(a6, x, y); a7 = Fma.MultiplyAdd(a7, x, y); a8 = Fma.MultiplyAdd(a8, x, y);
            a9 = Fma.MultiplyAdd(a9, x, y); a10 = Fma.MultiplyAdd(a10, x, y); a11 = Fma.MultiplyAdd(a11, x, y);
        }
        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).GetElement(0);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Loop512(long iterations)
    {
        if (!Avx512F.IsSupported)
            return 0;
        var x = Vector512.Create(0.999f);
        var y = Vector512.Create(1e-7f);
        Vector512<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, x, y); a1 = Avx512F.FusedMultiplyAdd(a1, x, y); a2 = Avx512F.FusedMultiplyAdd(a2, x, y);
            a3 = Avx512F.FusedMultiplyAdd(a3, x, y); a4 = Avx512F.FusedMultiplyAdd(a4, x, y); a5 = Avx512F.FusedMultiplyAdd(a5, x, y);
            a6 = Avx512F.FusedMultiplyAdd(a6, x, y); a7 = Avx512F.FusedMultiplyAdd(a7, x, y); a8 = Avx512F.FusedMultiplyAdd(a8, x, y);
            a9 = Avx512F.FusedMultiplyAdd(a9, x, y); a10 = Avx512F.FusedMultiplyAdd(a10, x, y); a11 = Avx512F.FusedMultiplyAdd(a11, x, y);
        }
        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).GetElement(0);
    }
}

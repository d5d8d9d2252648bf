using KDTalker.Kernels.Cpu;
using KDTalker.Kernels.Gpu;
using KDTalker.Tensors;

namespace KDTalker.Tests.Gpu;

/// <summary>
/// One ILGPU CPU-simulator backend (kernels compile once for the whole class) beside the managed CPU backend, and
/// the comparison of an op's results on the two.
/// </summary>
public sealed class SimulatorBackend : IDisposable
{
    public IlgpuBackend Gpu { get; } = IlgpuBackend.Open(new IlgpuBackendOptions { Device = GpuDeviceKind.IlgpuCpu });

    public CpuBackend Cpu { get; } = new(new CpuBackendOptions { Threads = 1 });

    public void Dispose()
    {
        Gpu.Dispose();
        Cpu.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="op"/> on both backends and returns (max |gpu − cpu|, max |gpu − cpu| / max |cpu|) after
    /// checking shapes match; asserts each element within <paramref name="tolerance"/>·(1 + |cpu|).
    /// </summary>
    public (double MaxAbs, double Relative) Compare(Func<IBackend, Tensor> op, double tolerance = 1e-5)
    {
        using var expected = op(Cpu);
        using var actual = op(Gpu);
        Xunit.Assert.Equal(expected.ShapeArray(), actual.ShapeArray());
        var e = expected.ToArray();
        var a = actual.ToArray();
        double maxAbs = 0, scale = 0;
        for (int i = 0; i < e.Length; i++)
        {
            double d = Math.Abs(a[i] - (double)e[i]);
            Xunit.Assert.True(d <= tolerance * (1 + Math.Abs(e[i])), $"element {i} of {ShapeMath.Format(expected.Shape)}: GPU {a[i]}, CPU {e[i]}");
            maxAbs = Math.Max(maxAbs, d);
            scale = Math.Max(scale, Math.Abs(e[i]));
        }
        return (maxAbs, scale == 0 ? maxAbs : maxAbs / scale);
    }

    /// <summary>Deterministic values in [−1, 1).</summary>
    public static float[] Random(int seed, int count, float scale = 1f)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale).ToArray();
    }
}

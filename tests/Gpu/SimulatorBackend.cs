using KDTalker.Kernels.Cpu;
using KDTalker.Kernels.Gpu;
using KDTalker.Tensors;

namespace KDTalker.Tests.Gpu;

/// <summary>
/// ILGPU CPU-simulator backends with float32 and half-precision storage (kernels compile once for the whole class)
/// beside the managed CPU backend, and the comparison of an op's results on them.
/// </summary>
public sealed class SimulatorBackend : IDisposable
{
    public IlgpuBackend Gpu { get; } = IlgpuBackend.Open(new IlgpuBackendOptions { Device = GpuDeviceKind.IlgpuCpu });

    public IlgpuBackend HalfGpu { get; } = IlgpuBackend.Open(new IlgpuBackendOptions { Device = GpuDeviceKind.IlgpuCpu, HalfPrecision = true });

    public CpuBackend Cpu { get; } = new(new CpuBackendOptions { Threads = 1 });

    public void Dispose()
    {
        Gpu.Dispose();
        HalfGpu.Dispose();
        Cpu.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="op"/> on the CPU backend and on <paramref name="gpu"/> and returns
    /// (max |gpu − cpu|, max |gpu − cpu| / max |cpu|) after checking shapes match; asserts each element within
    /// <paramref name="tolerance"/>·(1 + |cpu|).
    /// </summary>
    public (double MaxAbs, double Relative) Compare(IBackend gpu, Func<IBackend, Tensor> op, double tolerance)
    {
        using var expected = op(Cpu);
        using var actual = op(gpu);
        Xunit.Assert.Equal(expected.ShapeArray(), actual.ShapeArray());
        var e = expected.ToArray();
        var a = actual.ToArray();
        double maxAbs = 0, scale = 0;
        for (int i = 0; i < e.Length; i++)
        {
            double d = Math.Abs(a[i] - (double)e[i]);
            Xunit.Assert.True(d <= tolerance * (1 + Math.Abs(e[i])), $"element {i} of {ShapeMath.Format(expected.Shape)} on {gpu.Description}: GPU {a[i]}, CPU {e[i]}");
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

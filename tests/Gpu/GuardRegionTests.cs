using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using KDTalker.Kernels.Gpu;
using Xunit;

namespace KDTalker.Tests.Gpu;

/// <summary>
/// The guard regions the op table relies on: a write one element past a pooled buffer's end is reported when the
/// buffer comes back, with where it landed; writes inside the buffer are not.
/// </summary>
public sealed class GuardRegionTests
{
    [Fact]
    public void A_write_past_the_end_of_a_buffer_is_reported_when_it_is_returned()
    {
        using var context = Context.Create(builder => builder.CPU(new CPUDevice(32, 8, 1)));
        using var accelerator = context.GetCPUDevice(0).CreateAccelerator(context);
        var diagnostics = new DeviceDiagnostics();
        using var pool = new DeviceBufferPool<float>(accelerator, 1 << 20, guardElements: 8, sentinel: -30464f, diagnostics);

        var inBounds = pool.Rent(10);
        inBounds.View.SubView(0, 10).CopyFromCPU(Enumerable.Repeat(1f, 10).ToArray());
        pool.Return(inBounds, 10);
        Assert.Empty(diagnostics.GuardViolations);

        var overrun = pool.Rent(10);
        overrun.View.SubView(0, 11).CopyFromCPU(Enumerable.Repeat(2f, 11).ToArray()); // one element too many
        pool.Return(overrun, 10);
        var violation = Assert.Single(diagnostics.GuardViolations);
        Assert.Contains("1 of the 8 guard elements after a 10-element buffer, the first at element 10", violation);
    }
}

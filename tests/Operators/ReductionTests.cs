using KDTalker.Tensors;
using KDTalker.Tests.Reference;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Operators;

/// <summary>Reductions (float64 accumulation: atol 1e-6, rtol 1e-6) and softmax (rtol 1e-6, atol 1e-7).</summary>
public class ReductionTests : StorageCheckedTests
{
    public static TheoryData<string, ReduceOp, string, bool> Cases()
    {
        var data = new TheoryData<string, ReduceOp, string, bool>();
        foreach (var backend in TestBackends.All)
            foreach (var op in Enum.GetValues<ReduceOp>())
                foreach (var axes in new[] { "1", "2,3", "0,2", "", "-1", "1,3" })
                    data.Add(backend, op, axes, axes.Length % 2 == 0);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reductions_over_any_axes_match_float64(string backendName, ReduceOp op, string axesText, bool keepDims)
    {
        using var backend = CreateBackend(backendName);
        int[] axes = axesText.Length == 0 ? [] : axesText.Split(',').Select(int.Parse).ToArray();
        var x = RefTensor.Random(new Random(axesText.Length + (int)op), [3, 7, 1, 13], -2, 3);
        using var input = Numerics.UploadStrided(backend, x);
        using var y = Ops.Reduce(input, op, axes, keepDims);
        Numerics.AssertClose(y, ElementwiseReference.Reduce(x, op, axes, keepDims), 1e-6, 1e-6, $"{op} over ({axesText}) keepDims={keepDims}");
    }

    public static TheoryData<string, int> SoftmaxAxes()
    {
        var data = new TheoryData<string, int>();
        foreach (var backend in TestBackends.All)
            foreach (int axis in new[] { 0, 1, 2, -1 })
                data.Add(backend, axis);
        return data;
    }

    [Theory]
    [MemberData(nameof(SoftmaxAxes))]
    public void Softmax_is_stable_for_large_logits_along_any_axis(string backendName, int axis)
    {
        using var backend = CreateBackend(backendName);
        // Logits of ±80 overflow a naive exp-sum in float32; a stable softmax subtracts the maximum first. The simulator
        // gets fewer rows: it runs one thread group, with its barriers, per row.
        int[] shape = TestBackends.IsSimulator(backendName) ? [3, 6, 2, 9] : [3, 22, 5, 37];
        var x = RefTensor.Random(new Random(axis + 10), shape, -80, 80);
        using var input = Numerics.Upload(backend, x);
        using var y = Ops.Softmax(input, axis);
        Numerics.AssertClose(y, ElementwiseReference.Softmax(x, (axis + 4) % 4), 1e-7, 1e-6, $"softmax axis {axis}");
        Assert.DoesNotContain(y.ToArray(), v => float.IsNaN(v) || float.IsInfinity(v));
    }

    [Theory]
    [MemberData(nameof(TestBackends.Cpu), MemberType = typeof(TestBackends))] // the CPU's threads; on the GPU, golden case c softmaxes the 22-slot mask
    public void Channel_softmax_over_a_large_volume_uses_every_thread_and_stays_exact(string backendName)
    {
        using var backend = CreateBackend(backendName);
        var x = RefTensor.Random(new Random(4), [1, 22, 3, 17, 33], -5, 5);
        using var input = Numerics.Upload(backend, x);
        using var y = Ops.Softmax(input, 1);
        Numerics.AssertClose(y, ElementwiseReference.Softmax(x, 1), 1e-7, 1e-6, "channel softmax");
    }
}

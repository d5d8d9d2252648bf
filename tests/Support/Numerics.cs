using KDTalker.Tensors;
using Xunit;

namespace KDTalker.Tests.Support;

/// <summary>Closeness checks that report both the max absolute and the max relative error.</summary>
public static class Numerics
{
    /// <summary>Max |a − e| and max |a − e|/|e| over elements with |e| ≥ relativeFloor.</summary>
    public static (double MaxAbs, double MaxRel, int Worst) Errors(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double relativeFloor = 1e-3)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxAbs = 0, maxRel = 0;
        int worst = -1;
        for (int i = 0; i < actual.Length; i++)
        {
            double diff = Math.Abs(actual[i] - expected[i]);
            if (double.IsNaN(actual[i]) != double.IsNaN(expected[i]))
                diff = double.PositiveInfinity;
            if (diff > maxAbs || (worst < 0 && diff >= maxAbs))
            {
                maxAbs = diff;
                worst = i;
            }
            if (Math.Abs(expected[i]) >= relativeFloor)
                maxRel = Math.Max(maxRel, diff / Math.Abs(expected[i]));
        }
        return (maxAbs, maxRel, worst);
    }

    /// <summary>
    /// Asserts |a − e| ≤ atol + rtol·|e| everywhere; the failure message gives max-abs, max-rel and
    /// the worst element.
    /// </summary>
    public static void AssertClose(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double atol, double rtol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < actual.Length; i++)
        {
            double bound = atol + rtol * Math.Abs(expected[i]);
            if (!(Math.Abs(actual[i] - expected[i]) <= bound))
            {
                var (maxAbs, maxRel, worst) = Errors(actual, expected);
                Assert.Fail($"{what}: element {i} is {actual[i]}, expected {expected[i]} (bound {bound:g3}); " +
                            $"max-abs {maxAbs:g3} at {worst}, max-rel {maxRel:g3}, atol {atol:g3}, rtol {rtol:g3}.");
            }
        }
    }

    /// <summary>Compares a tensor with a float64 reference of the same shape.</summary>
    public static void AssertClose(Tensor actual, RefTensor expected, double atol, double rtol, string what)
    {
        Assert.Equal(expected.Shape, actual.ShapeArray());
        AssertClose(actual.ToArray(), expected.Data, atol, rtol, what);
    }

    /// <summary>Uploads a reference array as a float32 tensor.</summary>
    public static Tensor Upload(IBackend backend, RefTensor value) => Ops.FromSpan(backend, value.ToFloat(), value.Shape);

    /// <summary>
    /// Uploads a reference array as a non-contiguous tensor with the same logical contents: the data
    /// lives transposed (last two axes swapped) in memory and the tensor is a permuted view of it.
    /// </summary>
    public static Tensor UploadStrided(IBackend backend, RefTensor value)
    {
        if (value.Rank < 2)
            return Upload(backend, value);
        int rank = value.Rank;
        var axes = Enumerable.Range(0, rank).ToArray();
        (axes[rank - 2], axes[rank - 1]) = (axes[rank - 1], axes[rank - 2]);
        var swappedShape = axes.Select(a => value.Shape[a]).ToArray();
        var swapped = new RefTensor(swappedShape);
        for (int i = 0; i < value.Length; i++)
        {
            var index = value.Unravel(i);
            swapped[axes.Select(a => index[a]).ToArray()] = value.Data[i];
        }
        using var stored = Upload(backend, swapped);
        return stored.Permute(axes);
    }
}

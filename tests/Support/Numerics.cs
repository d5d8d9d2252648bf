using KDTalker.Tensors;
using Xunit;

namespace KDTalker.Tests.Support;

/// <summary>
/// Closeness checks that report both the max absolute and the max relative error. Half-precision storage: uploads
/// round the reference inputs to half first (both sides then see the same inputs, as float32 rounding does for the
/// float32 backends), and results may differ by 2^-9·(|e| + rms(e)) more than the stated bound: the result's own
/// rounding to half (2^-11 relative) and up to three intermediates stored in half (2^-11 of a value of the result's
/// size each; GRN, and ops Ops composes from several kernels).
/// </summary>
public static class Numerics
{
    private const double HalfStorageAllowance = 1.0 / 512;

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

    /// <summary>Compares a tensor with a float64 reference of the same shape (on half storage, with the allowance above).</summary>
    public static void AssertClose(Tensor actual, RefTensor expected, double atol, double rtol, string what)
    {
        Assert.Equal(expected.Shape, actual.ShapeArray());
        AssertClose(actual.Backend, actual.ToArray(), expected.Data, atol, rtol, what);
    }

    /// <summary>Compares values downloaded from <paramref name="backend"/> (on half storage, with the allowance above).</summary>
    public static void AssertClose(IBackend backend, ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double atol, double rtol, string what)
    {
        if (!TestBackends.StoresHalf(backend))
        {
            AssertClose(actual, expected, atol, rtol, what);
            return;
        }
        double sumSquares = 0;
        foreach (double e in expected)
            sumSquares += e * e;
        double rms = expected.Length == 0 ? 0 : Math.Sqrt(sumSquares / expected.Length);
        AssertClose(actual, expected, atol + HalfStorageAllowance * rms, rtol + HalfStorageAllowance, $"{what} (half storage)");
    }

    /// <summary>
    /// Uploads a reference array as a tensor; on a backend that stores half precision, rounds
    /// <paramref name="value"/> to half in place first, so the reference computes from what the device holds.
    /// </summary>
    public static Tensor Upload(IBackend backend, RefTensor value)
    {
        RoundToStorage(backend, value);
        return Ops.FromSpan(backend, value.ToFloat(), value.Shape);
    }

    /// <summary>On a backend that stores half precision, rounds <paramref name="value"/> to half in place.</summary>
    public static void RoundToStorage(IBackend backend, RefTensor value)
    {
        if (TestBackends.StoresHalf(backend))
            for (int i = 0; i < value.Length; i++)
                value.Data[i] = (double)(Half)value.Data[i];
    }

    /// <summary>
    /// Uploads a reference array as a non-contiguous tensor with the same logical contents: the data
    /// lives transposed (last two axes swapped) in memory and the tensor is a permuted view of it.
    /// </summary>
    public static Tensor UploadStrided(IBackend backend, RefTensor value)
    {
        if (value.Rank < 2)
            return Upload(backend, value);
        RoundToStorage(backend, value);
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

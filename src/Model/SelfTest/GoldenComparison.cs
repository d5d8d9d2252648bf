using System.Numerics;

namespace KDTalker.Model.SelfTest;

/// <summary>One compared tensor: its errors against the upstream output and the bound it must meet.</summary>
public sealed record GoldenComparison(string Tensor, double MaxAbs, double MaxRel, double Tolerance)
{
    /// <summary>True when the max absolute error is within the tolerance.</summary>
    public bool Passed => MaxAbs <= Tolerance;

    /// <summary>Compares values with their expected counterparts (relative error where |expected| &gt; 1e-3).</summary>
    public static GoldenComparison Of(string tensor, ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double tolerance) =>
        Compare(tensor, actual, expected, tolerance);

    /// <summary>Compares float64 values (audio front end) the same way, without narrowing to float32.</summary>
    public static GoldenComparison Of(string tensor, ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, double tolerance) =>
        Compare(tensor, actual, expected, tolerance);

    // Errors in float64 whatever the element type; NaN counts as an infinite error.
    private static GoldenComparison Compare<T>(string tensor, ReadOnlySpan<T> actual, ReadOnlySpan<T> expected, double tolerance)
        where T : unmanaged, INumberBase<T>
    {
        if (actual.Length != expected.Length)
            return new GoldenComparison($"{tensor} (size {actual.Length}, expected {expected.Length})", double.PositiveInfinity,
                double.PositiveInfinity, tolerance);
        double maxAbs = 0, maxRel = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double reference = double.CreateTruncating(expected[i]);
            double error = Math.Abs(double.CreateTruncating(actual[i]) - reference);
            if (double.IsNaN(error))
                error = double.PositiveInfinity;
            maxAbs = Math.Max(maxAbs, error);
            if (Math.Abs(reference) > 1e-3)
                maxRel = Math.Max(maxRel, error / Math.Abs(reference));
        }
        return new GoldenComparison(tensor, maxAbs, maxRel, tolerance);
    }
}

/// <summary>The outcome of one golden case.</summary>
public sealed record GoldenResult(string Case, string Module, IReadOnlyList<GoldenComparison> Comparisons, string? SkipReason = null, string? Error = null)
{
    /// <summary>True when the case ran and every comparison passed.</summary>
    public bool Passed => SkipReason is null && Error is null && Comparisons.Count > 0 && Comparisons.All(c => c.Passed);

    /// <summary>True when the case could not be run by this build.</summary>
    public bool Skipped => SkipReason is not null;
}

namespace KDTalker.Model.SelfTest;

/// <summary>One compared tensor: its errors against the upstream output and the bound it must meet.</summary>
public sealed record GoldenComparison(string Tensor, double MaxAbs, double MaxRel, double Tolerance)
{
    /// <summary>True when the max absolute error is within the tolerance.</summary>
    public bool Passed => MaxAbs <= Tolerance;

    /// <summary>Compares values with their expected counterparts (relative error where |expected| &gt; 1e-3).</summary>
    public static GoldenComparison Of(string tensor, ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double tolerance)
    {
        if (actual.Length != expected.Length)
            return new GoldenComparison($"{tensor} (size {actual.Length}, expected {expected.Length})", double.PositiveInfinity, double.PositiveInfinity, tolerance);
        double maxAbs = 0, maxRel = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double error = Math.Abs((double)actual[i] - expected[i]);
            if (double.IsNaN(error))
                error = double.PositiveInfinity;
            maxAbs = Math.Max(maxAbs, error);
            if (Math.Abs(expected[i]) > 1e-3)
                maxRel = Math.Max(maxRel, error / Math.Abs(expected[i]));
        }
        return new GoldenComparison(tensor, maxAbs, maxRel, tolerance);
    }

    /// <summary>Compares float64 values (audio front end) the same way, without narrowing to float32.</summary>
    public static GoldenComparison Of(string tensor, ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, double tolerance)
    {
        if (actual.Length != expected.Length)
            return new GoldenComparison($"{tensor} (size {actual.Length}, expected {expected.Length})", double.PositiveInfinity, double.PositiveInfinity, tolerance);
        double maxAbs = 0, maxRel = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            if (double.IsNaN(error))
                error = double.PositiveInfinity;
            maxAbs = Math.Max(maxAbs, error);
            if (Math.Abs(expected[i]) > 1e-3)
                maxRel = Math.Max(maxRel, error / Math.Abs(expected[i]));
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

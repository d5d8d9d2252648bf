using KDTalker.Model.Motion;
using KDTalker.Tensors;

namespace KDTalker.Model.SelfTest;

/// <summary>
/// Case i: pykalman's smoother on 64-frame sequences of 1, 3 and 63 dimensions. float64 algebra on both sides:
/// 1e-9 absolute on the smoothed means and the last covariance (README); the float32 conversion 1e-7.
/// </summary>
internal sealed class KalmanRunner : GoldenRunner
{
    private const double Float64Tolerance = 1e-9, Float32Tolerance = 1e-7;

    public override bool Handles(string module) => false;

    public override bool Handles(GoldenCase golden) => golden.Config.RootElement.TryGetProperty("library", out var library)
        && library.GetString()!.StartsWith("pykalman", StringComparison.Ordinal);

    public override IReadOnlyList<GoldenComparison> Run(GoldenCase golden, IBackend backend)
    {
        var results = new List<GoldenComparison>();
        foreach (int dimensions in new[] { 1, 3, 63 })
        {
            var sequence = golden.Tensors.ReadFloat32($"seq_dim{dimensions}");
            var smoothed = KalmanSmoother.Smooth(sequence, dimensions);
            results.Add(GoldenComparison.Of($"smoothed_dim{dimensions}_f64", smoothed, ReadFloat64(golden, $"smoothed_dim{dimensions}_f64"), Float64Tolerance));
            results.Add(Compare(golden, $"smoothed_dim{dimensions}_f32", smoothed.Select(v => (float)v).ToArray(), Float32Tolerance));

            // The smoothed covariance of the last frame is the last filtered one: variance·I.
            var filter = new KalmanSmoother(dimensions);
            for (int t = 0; t < sequence.Length / dimensions; t++)
                filter.Push(sequence.AsSpan(t * dimensions, dimensions));
            var covariance = new double[dimensions * dimensions];
            for (int d = 0; d < dimensions; d++)
                covariance[d * dimensions + d] = filter.LastVariance;
            results.Add(GoldenComparison.Of($"smoothed_cov_dim{dimensions}_last", covariance,
                ReadFloat64(golden, $"smoothed_cov_dim{dimensions}_last"), Float64Tolerance));
        }
        return results;
    }
}

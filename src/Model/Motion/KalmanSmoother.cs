namespace KDTalker.Model.Motion;

/// <summary>
/// pykalman's KalmanFilter(initial_state_mean = z₀, transition_covariance = 0.05·I, observation_covariance =
/// 0.001·I).smooth (docs/PIPELINE.md §12), in float64. Every matrix is a multiple of I, so each dimension is an
/// independent scalar filter with the same gains:
/// forward m⁻₀ = z₀, P⁻₀ = 1; m⁻ₜ = mₜ₋₁, P⁻ₜ = Pₜ₋₁ + Q; K = P⁻/(P⁻ + R), mₜ = m⁻ₜ + K(zₜ − m⁻ₜ),
/// Pₜ = P⁻ₜ − K·P⁻ₜ;
/// backward (Rauch–Tung–Striebel) Gₜ = Pₜ/P⁻ₜ₊₁, msₜ = mₜ + Gₜ(msₜ₊₁ − m⁻ₜ₊₁).
/// </summary>
/// <remarks>
/// Streaming: the gains do not depend on the data and settle at G ≈ 0.019, so a frame's smoothed value depends on
/// the frames k steps later with weight ≈ 0.019ᵏ. Emitting a frame once <see cref="Lag"/> (32) later frames are in
/// gives the full smoother's value to float64 rounding (0.019³² ≈ 1e-55) while keeping memory bounded.
/// </remarks>
public sealed class KalmanSmoother
{
    /// <summary>Upstream's transition (Q) and observation (R) variances.</summary>
    public const double TransitionVariance = 0.05, ObservationVariance = 0.001;

    private readonly int _dimensions;
    private readonly List<State> _pending = [];
    private State? _last;

    /// <summary>A smoother of <paramref name="dimensions"/> independent values per frame.</summary>
    public KalmanSmoother(int dimensions, int lag = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(lag, 1);
        _dimensions = dimensions;
        Lag = lag;
    }

    /// <summary>Frames of look-ahead before a frame is emitted.</summary>
    public int Lag { get; }

    /// <summary>Variance of the last filtered state (pykalman's last smoothed covariance, per dimension).</summary>
    public double LastVariance => _last?.Variance ?? throw new InvalidOperationException("No frame has been observed yet.");

    /// <summary>Smooths a whole sequence (frames × dimensions, row-major) at once: exactly pykalman's smooth().</summary>
    public static double[] Smooth(ReadOnlySpan<float> sequence, int dimensions)
    {
        if (sequence.Length % dimensions != 0)
            throw new ArgumentException($"{sequence.Length} values are not whole frames of {dimensions}.");
        int frames = sequence.Length / dimensions;
        var smoother = new KalmanSmoother(dimensions, lag: Math.Max(1, frames));
        var result = new List<double[]>(frames);
        for (int t = 0; t < frames; t++)
            result.AddRange(smoother.Push(sequence.Slice(t * dimensions, dimensions)));
        result.AddRange(smoother.Flush());
        return result.SelectMany(row => row).ToArray();
    }

    /// <summary>Adds the next observation; returns the frames that are now final (zero or one).</summary>
    public IReadOnlyList<double[]> Push(ReadOnlySpan<float> observation)
    {
        if (observation.Length != _dimensions)
            throw new ArgumentException($"Expected {_dimensions} values per frame, got {observation.Length}.");
        double predictedVariance;
        var predictedMean = new double[_dimensions];
        if (_last is null)
        {
            for (int d = 0; d < _dimensions; d++)
                predictedMean[d] = observation[d];
            predictedVariance = 1;
        }
        else
        {
            _last.Mean.CopyTo(predictedMean, 0);
            predictedVariance = _last.Variance + TransitionVariance;
        }
        double gain = predictedVariance / (predictedVariance + ObservationVariance);
        var mean = new double[_dimensions];
        for (int d = 0; d < _dimensions; d++)
            mean[d] = predictedMean[d] + gain * (observation[d] - predictedMean[d]);
        _last = new State(predictedMean, predictedVariance, mean, predictedVariance - gain * predictedVariance);
        _pending.Add(_last);
        if (_pending.Count <= Lag)
            return [];
        var emitted = SmoothedFirst();
        _pending.RemoveAt(0);
        return [emitted];
    }

    /// <summary>The end of the sequence: returns every frame still held, smoothed.</summary>
    public IReadOnlyList<double[]> Flush()
    {
        var result = new double[_pending.Count][];
        var next = _pending[^1].Mean;
        result[^1] = next;
        for (int t = _pending.Count - 2; t >= 0; t--)
            next = result[t] = BackwardStep(_pending[t], _pending[t + 1], next);
        _pending.Clear();
        return result;
    }

    // The oldest pending frame, smoothed backwards from the newest as if it ended the sequence.
    private double[] SmoothedFirst()
    {
        var next = _pending[^1].Mean;
        for (int t = _pending.Count - 2; t >= 0; t--)
            next = BackwardStep(_pending[t], _pending[t + 1], next);
        return next;
    }

    private double[] BackwardStep(State current, State following, double[] followingSmoothed)
    {
        double gain = current.Variance / following.PredictedVariance;
        var smoothed = new double[_dimensions];
        for (int d = 0; d < _dimensions; d++)
            smoothed[d] = current.Mean[d] + gain * (followingSmoothed[d] - following.PredictedMean[d]);
        return smoothed;
    }

    private sealed record State(double[] PredictedMean, double PredictedVariance, double[] Mean, double Variance);
}

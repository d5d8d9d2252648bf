using KDTalker.Tensors;

namespace KDTalker.Model.Motion;

/// <summary>An <see cref="IAudioFeatureSource"/> over features already computed, (N, 512) (not owned).</summary>
public sealed class FeatureRows : IAudioFeatureSource
{
    private readonly Tensor _features;

    /// <summary>Wraps a (frames, features) tensor.</summary>
    public FeatureRows(Tensor features)
    {
        if (features.Rank != 2 || features.Shape[0] == 0)
            throw new ArgumentException($"Audio features must be (frames ≥ 1, features), got {features}.");
        _features = features;
    }

    /// <inheritdoc />
    public int Frames => _features.Shape[0];

    /// <inheritdoc />
    public int FeatureSize => _features.Shape[1];

    /// <inheritdoc />
    public void Read(int start, int count, Span<float> destination, CancellationToken cancellationToken)
    {
        using var rows = _features.Narrow(0, start, count);
        rows.CopyTo(destination);
    }
}

namespace KDTalker.Model.Motion;

/// <summary>Per-video-frame audio features (one 512-d row per 40 ms), readable a window at a time.</summary>
public interface IAudioFeatureSource
{
    /// <summary>Video frames N.</summary>
    int Frames { get; }

    /// <summary>Values per row (512).</summary>
    int FeatureSize { get; }

    /// <summary>Copies rows [start, start + count) into <paramref name="destination"/> (count·FeatureSize values).</summary>
    void Read(int start, int count, Span<float> destination, CancellationToken cancellationToken);
}

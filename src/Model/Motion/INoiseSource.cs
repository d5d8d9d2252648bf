namespace KDTalker.Model.Motion;

/// <summary>Where the sampler's initial Gaussian noise comes from: seeded by default, injectable for tests and research.</summary>
public interface INoiseSource
{
    /// <summary>Fills <paramref name="destination"/> with the next standard-normal values.</summary>
    void Fill(Span<float> destination);
}

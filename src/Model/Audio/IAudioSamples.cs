namespace KDTalker.Model.Audio;

/// <summary>Mono audio samples readable at any position: in memory or in a file, so long audio need not be held whole.</summary>
public interface IAudioSamples
{
    /// <summary>Number of samples.</summary>
    long Length { get; }

    /// <summary>Copies samples [start, start + destination.Length); positions outside [0, Length) read as zero.</summary>
    void Read(long start, Span<float> destination);
}

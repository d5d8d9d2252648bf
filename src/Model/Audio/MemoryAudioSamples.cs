namespace KDTalker.Model.Audio;

/// <summary><see cref="IAudioSamples"/> over samples in memory (not copied).</summary>
public sealed class MemoryAudioSamples(ReadOnlyMemory<float> samples) : IAudioSamples
{
    /// <inheritdoc />
    public long Length => samples.Length;

    /// <inheritdoc />
    public void Read(long start, Span<float> destination) => AudioSampleRange.Copy(samples.Span, start, destination);
}

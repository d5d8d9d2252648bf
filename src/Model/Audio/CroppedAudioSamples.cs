namespace KDTalker.Model.Audio;

/// <summary>The first <c>length</c> samples of another source; later positions read as zero (upstream's crop to N·640).</summary>
public sealed class CroppedAudioSamples(IAudioSamples inner, long length) : IAudioSamples
{
    /// <inheritdoc />
    public long Length { get; } = Math.Min(length, inner.Length);

    /// <inheritdoc />
    public void Read(long start, Span<float> destination)
    {
        var (offset, first, count) = AudioSampleRange.Inside(start, destination.Length, Length);
        destination.Clear();
        inner.Read(first, destination.Slice(offset, count));
    }
}

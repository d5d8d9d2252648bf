namespace KDTalker.Model.Audio;

/// <summary>Helpers for reading ranges that may extend past either end of the audio (the outside reads as zero).</summary>
internal static class AudioSampleRange
{
    /// <summary>The part of [start, start + count) inside [0, length): (offset into the request, first sample, count).</summary>
    public static (int Offset, long First, int Count) Inside(long start, int count, long length)
    {
        long first = Math.Max(start, 0), end = Math.Min(start + count, length);
        return end <= first ? (0, 0, 0) : ((int)(first - start), first, (int)(end - first));
    }

    /// <summary>Copies from an in-memory signal, zero outside it.</summary>
    public static void Copy(ReadOnlySpan<float> samples, long start, Span<float> destination)
    {
        var (offset, first, count) = Inside(start, destination.Length, samples.Length);
        destination.Clear();
        samples.Slice((int)first, count).CopyTo(destination.Slice(offset, count));
    }
}

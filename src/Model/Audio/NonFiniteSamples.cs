namespace KDTalker.Model.Audio;

/// <summary>Finds NaN and infinite samples (a float WAV can hold them; they would render a video of garbage).</summary>
public static class NonFiniteSamples
{
    /// <summary>The index of the first NaN or infinite value, or −1.</summary>
    public static int IndexOf(ReadOnlySpan<float> samples)
    {
        for (int i = 0; i < samples.Length; i++)
            if (!float.IsFinite(samples[i]))
                return i;
        return -1;
    }

    /// <summary>What is wrong with sample <paramref name="index"/> (value <paramref name="value"/>) of <paramref name="source"/> at
    /// <paramref name="sampleRate"/> Hz, and what to do.</summary>
    public static string Describe(string source, long index, float value, int sampleRate) =>
        $"{source}: sample {index:N0} (at {TimeSpan.FromSeconds((double)index / sampleRate):hh\\:mm\\:ss\\.fff}) " +
        $"is {(float.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "-infinity")}: " +
            "the recording holds non-finite values, which cannot drive a video. Repair the recording, or export it again as 16-bit PCM.";

    /// <summary>Wraps <paramref name="samples"/> so that the first non-finite value raises an <see cref="AudioFormatException"/>.</summary>
    public static Action<ReadOnlySpan<float>> Guard(string source, int sampleRate, Action<ReadOnlySpan<float>> samples)
    {
        long position = 0;
        return block =>
        {
            int bad = IndexOf(block);
            if (bad >= 0)
                throw new AudioFormatException(Describe(source, position + bad, block[bad], sampleRate));
            position += block.Length;
            samples(block);
        };
    }
}

using NAudio.Dsp;
using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace KDTalker.Tests.Audio;

/// <summary>NAudio's WDL resampler on a whole mono signal: as its sample provider configures it, and in WDL's sinc mode.</summary>
internal static class NAudioWdl
{
    /// <summary><see cref="WdlResamplingSampleProvider"/> as NAudio ships it.</summary>
    public static float[] Provider(float[] input, int fromRate, int toRate)
    {
        var resampler = new WdlResamplingSampleProvider(new ArraySource(input, fromRate), toRate);
        return ReadAll(resampler);
    }

    /// <summary>The WDL resampler in its windowed-sinc mode with <paramref name="taps"/> taps (32 interpolated phases per tap).</summary>
    public static float[] Sinc(float[] input, int fromRate, int toRate, int taps)
    {
        var resampler = new WdlResampler();
        resampler.SetMode(true, 0, true, taps, 32);
        resampler.SetFilterParms();
        resampler.SetFeedMode(true); // input driven: every input sample is handed over once
        resampler.SetRates(fromRate, toRate);
        var output = new List<float>();
        var block = new float[4096];
        const int Chunk = 1024;
        for (int at = 0; at < input.Length + 2 * Chunk; at += Chunk)
        {
            int wanted = resampler.ResamplePrepare(Chunk, 1, out Span<float> inBuffer);
            for (int i = 0; i < wanted; i++)
                inBuffer[i] = at + i < input.Length ? input[at + i] : 0f;
            int produced = resampler.ResampleOut(block, wanted, block.Length, 1);
            output.AddRange(block.AsSpan(0, produced));
        }
        return [.. output];
    }

    private static float[] ReadAll(ISampleProvider provider)
    {
        var output = new List<float>();
        var block = new float[4096];
        int read;
        while ((read = provider.Read(block)) > 0)
            output.AddRange(block.AsSpan(0, read));
        return [.. output];
    }

    private sealed class ArraySource(float[] samples, int rate) : ISampleProvider
    {
        private int _position;

        public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(rate, 1);

        public int Read(Span<float> buffer)
        {
            int count = Math.Min(buffer.Length, samples.Length - _position);
            samples.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }
    }
}

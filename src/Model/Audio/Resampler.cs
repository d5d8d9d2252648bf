using System.Numerics;

namespace KDTalker.Model.Audio;

/// <summary>
/// Band-limited sample-rate conversion by a polyphase Kaiser-windowed sinc filter.
/// </summary>
/// <remarks>
/// For the ratio to/from = L/M (reduced), output sample n sits at input time n·M/L; its value is the
/// input convolved with the low-pass filter evaluated at phase (n·M mod L)/L. The L phases are built
/// once per call (at most 1024, plus one; ratios with a larger L interpolate between neighbouring
/// phases). The filter passes up to 0.9 of the lower Nyquist frequency, stops from the Nyquist
/// frequency on with about 90 dB attenuation (Kaiser β 8.96), and is normalised to unit DC gain per phase.
/// Output sample 0 is aligned with input sample 0; samples outside the input count as zero.
/// </remarks>
public static class Resampler
{
    private const double PassbandEdge = 0.90;
    private const double StopbandAttenuationDb = 90.0;
    private const int MaxPhases = 1024;

    /// <summary>Converts <paramref name="input"/> from <paramref name="fromRate"/> to <paramref name="toRate"/> Hz.</summary>
    /// <returns>round(input.Length · toRate / fromRate) samples; a copy of the input when the rates are equal.</returns>
    public static float[] Resample(ReadOnlySpan<float> input, int fromRate, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
        if (fromRate == toRate)
            return input.ToArray();

        int divisor = (int)BigInteger.GreatestCommonDivisor(fromRate, toRate);
        int up = toRate / divisor, down = fromRate / divisor;
        long outputLength = ((long)input.Length * up * 2 + down) / (2L * down);
        var output = new float[outputLength];

        var filter = new PolyphaseFilter(fromRate, toRate, up);
        int offset = filter.Taps / 2 - 1;
        for (long n = 0; n < outputLength; n++)
        {
            long position = n * down;
            long first = position / up - offset;
            long remainder = position % up;
            if (filter.Phases == up)
            {
                output[n] = Convolve(input, first, filter.Phase((int)remainder));
                continue;
            }
            // More phases than the table holds: interpolate linearly between the two nearest.
            double phase = (double)remainder * filter.Phases / up;
            int below = (int)phase;
            float weight = (float)(phase - below);
            output[n] = (1 - weight) * Convolve(input, first, filter.Phase(below))
                + weight * Convolve(input, first, filter.Phase(below + 1));
        }
        return output;
    }

    private static float Convolve(ReadOnlySpan<float> input, long first, ReadOnlySpan<float> coefficients)
    {
        int taps = coefficients.Length;
        if (first >= 0 && first + taps <= input.Length)
            return Dot(input.Slice((int)first, taps), coefficients);
        float sum = 0f;
        for (int k = 0; k < taps; k++)
        {
            long index = first + k;
            if (index >= 0 && index < input.Length)
                sum += input[(int)index] * coefficients[k];
        }
        return sum;
    }

    private static float Dot(ReadOnlySpan<float> signal, ReadOnlySpan<float> coefficients)
    {
        var accumulator = Vector<float>.Zero;
        int k = 0;
        for (; k <= signal.Length - Vector<float>.Count; k += Vector<float>.Count)
            accumulator += new Vector<float>(signal[k..]) * new Vector<float>(coefficients[k..]);
        float sum = Vector.Sum(accumulator);
        for (; k < signal.Length; k++)
            sum += signal[k] * coefficients[k];
        return sum;
    }

    /// <summary>
    /// The low-pass filter sampled on the input grid at fractional offsets p/Phases, p = 0..Phases
    /// (phase Phases is phase 0 one input sample later, kept for interpolation).
    /// </summary>
    private sealed class PolyphaseFilter
    {
        private readonly float[] _coefficients;

        public int Taps { get; }

        public int Phases { get; }

        public PolyphaseFilter(int fromRate, int toRate, int up)
        {
            int phases = Math.Min(up, MaxPhases);
            Phases = phases;
            // Frequencies in cycles per input sample.
            double nyquist = 0.5 * Math.Min(fromRate, toRate) / fromRate;
            double passEdge = PassbandEdge * nyquist;
            double cutoff = 0.5 * (passEdge + nyquist);
            double transition = 2 * Math.PI * (nyquist - passEdge);
            double beta = 0.1102 * (StopbandAttenuationDb - 8.7);
            int length = (int)Math.Ceiling((StopbandAttenuationDb - 8) / (2.285 * transition));
            Taps = 2 * (length / 2 + 1);
            double halfWidth = Taps / 2.0;
            double windowNorm = BesselI0(beta);

            _coefficients = new float[(phases + 1) * Taps];
            var phase = new double[Taps];
            for (int p = 0; p <= phases; p++)
            {
                // Tap k multiplies input sample floor(t) - (Taps/2 - 1) + k; its distance to t is below.
                double fraction = (double)p / phases;
                double sum = 0;
                for (int k = 0; k < Taps; k++)
                {
                    double distance = fraction + (Taps / 2 - 1) - k;
                    double x = distance / halfWidth;
                    double window = Math.Abs(x) >= 1 ? 0 : BesselI0(beta * Math.Sqrt(1 - x * x)) / windowNorm;
                    phase[k] = 2 * cutoff * Sinc(2 * cutoff * distance) * window;
                    sum += phase[k];
                }
                for (int k = 0; k < Taps; k++)
                    _coefficients[p * Taps + k] = (float)(phase[k] / sum);
            }
        }

        public ReadOnlySpan<float> Phase(int index) => _coefficients.AsSpan(index * Taps, Taps);

        private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);

        private static double BesselI0(double x)
        {
            double term = 1, sum = 1, half = x / 2;
            for (int k = 1; term > 1e-17 * sum; k++)
            {
                term *= half / k * (half / k);
                sum += term;
            }
            return sum;
        }
    }
}

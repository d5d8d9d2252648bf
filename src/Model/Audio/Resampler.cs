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
        if (fromRate == toRate && fromRate > 0)
            return input.ToArray();
        var output = new List<float>();
        var stream = new Stream(fromRate, toRate, block => output.AddRange(block));
        stream.Write(input);
        stream.Complete();
        return [.. output];
    }

    /// <summary>
    /// The same conversion fed block by block: memory stays bounded by the block and the filter length, and the
    /// output equals <see cref="Resample"/>'s on the concatenated input, sample for sample.
    /// </summary>
    public sealed class Stream
    {
        private readonly PolyphaseFilter? _filter;
        private readonly Action<ReadOnlySpan<float>> _output;
        private readonly int _up, _down, _offset;
        private float[] _history = new float[1 << 14];
        private long _historyStart, _inputLength, _next;
        private int _historyCount;

        /// <summary>A converter that hands every finished block of output samples to <paramref name="output"/>.</summary>
        public Stream(int fromRate, int toRate, Action<ReadOnlySpan<float>> output)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
            _output = output;
            int divisor = (int)BigInteger.GreatestCommonDivisor(fromRate, toRate);
            _up = toRate / divisor;
            _down = fromRate / divisor;
            if (fromRate != toRate)
            {
                _filter = new PolyphaseFilter(fromRate, toRate, _up);
                _offset = _filter.Taps / 2 - 1;
            }
        }

        /// <summary>Adds input samples; emits every output sample whose filter window is now complete.</summary>
        public void Write(ReadOnlySpan<float> input)
        {
            if (_filter is null)
            {
                _output(input);
                return;
            }
            if (_historyCount + input.Length > _history.Length)
                Array.Resize(ref _history, Math.Max(_history.Length * 2, _historyCount + input.Length));
            input.CopyTo(_history.AsSpan(_historyCount));
            _historyCount += input.Length;
            _inputLength += input.Length;
            Emit(complete: false);
        }

        /// <summary>Ends the input (later samples count as zero) and emits the rest: round(length · to/from) samples in all.</summary>
        public void Complete()
        {
            if (_filter is not null)
                Emit(complete: true);
        }

        private void Emit(bool complete)
        {
            var filter = _filter!;
            long total = (_inputLength * _up * 2 + _down) / (2L * _down);
            long available = _historyStart + _historyCount;
            var block = new List<float>();
            for (; _next < total; _next++)
            {
                long position = _next * _down;
                long first = position / _up - _offset;
                if (!complete && first + filter.Taps > available)
                    break;
                block.Add(Sample(filter, first, position % _up));
            }
            if (block.Count > 0)
                _output(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(block));
            // Keep only the input the next output sample can still reach.
            long keepFrom = Math.Clamp(_next * _down / _up - _offset, _historyStart, available);
            int drop = (int)(keepFrom - _historyStart);
            _history.AsSpan(drop, _historyCount - drop).CopyTo(_history);
            _historyCount -= drop;
            _historyStart = keepFrom;
        }

        private float Sample(PolyphaseFilter filter, long first, long remainder)
        {
            // The history holds input samples [_historyStart, _historyStart + _historyCount); the rest is zero.
            var input = _history.AsSpan(0, _historyCount);
            long local = first - _historyStart;
            if (filter.Phases == _up)
                return Convolve(input, local, filter.Phase((int)remainder));
            // More phases than the table holds: interpolate linearly between the two nearest.
            double phase = (double)remainder * filter.Phases / _up;
            int below = (int)phase;
            float weight = (float)(phase - below);
            return (1 - weight) * Convolve(input, local, filter.Phase(below)) + weight * Convolve(input, local, filter.Phase(below + 1));
        }
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

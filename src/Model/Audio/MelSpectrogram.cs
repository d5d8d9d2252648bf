using System.Numerics;

namespace KDTalker.Model.Audio;

/// <summary>Parameters of Wav2Lip's mel spectrogram (hparams.py); defaults are the ones KDTalker uses.</summary>
public sealed record MelSpectrogramConfig
{
    /// <summary>Sample rate of the input, Hz.</summary>
    public int SampleRate { get; init; } = 16000;
    /// <summary>Video frame rate the audio is cut to.</summary>
    public int Fps { get; init; } = 25;
    /// <summary>FFT size (= window length).</summary>
    public int FftSize { get; init; } = 800;
    /// <summary>Samples between STFT frames.</summary>
    public int HopSize { get; init; } = 200;
    /// <summary>Mel bands.</summary>
    public int MelBands { get; init; } = 80;
    /// <summary>Lowest filter edge, Hz.</summary>
    public double MinFrequency { get; init; } = 55;
    /// <summary>Highest filter edge, Hz.</summary>
    public double MaxFrequency { get; init; } = 7600;
    /// <summary>Pre-emphasis coefficient k of y[n] = x[n] − k·x[n−1].</summary>
    public double Preemphasis { get; init; } = 0.97;
    /// <summary>Floor of the dB scale (min_level_db).</summary>
    public double MinLevelDb { get; init; } = -100;
    /// <summary>Reference level subtracted from the dB values (ref_level_db).</summary>
    public double RefLevelDb { get; init; } = 20;
    /// <summary>Output range is [−MaxAbsValue, MaxAbsValue] (symmetric mels, clipped).</summary>
    public double MaxAbsValue { get; init; } = 4;

    /// <summary>Audio samples per video frame (640 at 16 kHz and 25 fps).</summary>
    public int SamplesPerVideoFrame => SampleRate / Fps;
}

/// <summary>
/// Wav2Lip's <c>audio.melspectrogram</c> as KDTalker calls it (docs/PIPELINE.md §5), bit-for-bit in structure:
/// pre-emphasis in float64, centred STFT with zero padding and a periodic Hann window, magnitude (not
/// power), librosa's Slaney mel filters stored as float32, dB with a 1e-5 floor, then normalised and
/// clipped to [−4, 4]. All spectra are row-major (bands × frames), as librosa returns them.
/// </summary>
public sealed class MelSpectrogram
{
    private readonly double[] _window;
    private readonly float[] _melBasis;
    private readonly (int First, int End)[] _bandRanges;

    /// <summary>Builds the window, the FFT plan and the mel filter bank.</summary>
    public MelSpectrogram(MelSpectrogramConfig? config = null)
    {
        Config = config ?? new MelSpectrogramConfig();
        _window = PeriodicHann(Config.FftSize);
        _melBasis = SlaneyMelBasis(Config);
        _bandRanges = NonZeroRanges(_melBasis, Config.MelBands, Bins);
    }

    /// <summary>The parameters.</summary>
    public MelSpectrogramConfig Config { get; }

    /// <summary>One-sided frequency bins, n_fft/2 + 1 (401).</summary>
    public int Bins => Config.FftSize / 2 + 1;

    /// <summary>The mel filter bank (MelBands × Bins, float32 as librosa returns it).</summary>
    public ReadOnlySpan<float> MelBasis => _melBasis;

    /// <summary>Video frames of a clip: N = int(samples / samples-per-frame) (floored; trailing audio is dropped).</summary>
    public int VideoFrameCount(int sampleCount) => (int)(sampleCount / (double)Config.SamplesPerVideoFrame);

    /// <summary>STFT frames of a signal of <paramref name="sampleCount"/> samples: 1 + len/hop (centred).</summary>
    public int FrameCount(int sampleCount) => 1 + sampleCount / Config.HopSize;

    /// <summary>
    /// The audio cut to N·640 samples, N = <see cref="VideoFrameCount"/> (upstream's crop_pad_audio; N is floored,
    /// so its zero-padding branch never applies and this is a slice, not a copy).
    /// </summary>
    public ReadOnlyMemory<float> CropToVideoFrames(ReadOnlyMemory<float> samples) =>
        samples[..(VideoFrameCount(samples.Length) * Config.SamplesPerVideoFrame)];

    /// <summary>scipy lfilter([1, −k], [1], x) with zero initial state, in float64.</summary>
    public double[] Preemphasize(ReadOnlySpan<float> samples)
    {
        var y = new double[samples.Length];
        double previous = 0, k = Config.Preemphasis;
        for (int n = 0; n < samples.Length; n++)
        {
            double x = samples[n];
            y[n] = x - k * previous;
            previous = x;
        }
        return y;
    }

    /// <summary>
    /// |STFT| of a float64 signal: Bins × FrameCount, row-major. Frame t is
    /// padded[hop·t .. hop·t + n_fft) · window, with n_fft/2 zeros padded on both sides (librosa ≥ 0.9 centre mode).
    /// </summary>
    public double[] StftMagnitude(ReadOnlySpan<double> signal)
    {
        int nFft = Config.FftSize, hop = Config.HopSize, half = nFft / 2, bins = Bins;
        int frames = FrameCount(signal.Length);
        var magnitude = new double[bins * frames];
        var window = _window;
        double[] source = signal.ToArray();
        // Frames are independent: each worker owns an FFT plan and buffers, so the result does not depend on the split.
        Parallel.For(0, frames,
            () => (Fft: new Fft(nFft), Frame: new double[nFft], Spectrum: new Complex[bins]),
            (t, _, state) =>
            {
                int start = t * hop - half;
                for (int n = 0; n < nFft; n++)
                {
                    int index = start + n;
                    state.Frame[n] = (uint)index < (uint)source.Length ? window[n] * source[index] : 0.0;
                }
                state.Fft.ForwardReal(state.Frame, state.Spectrum);
                for (int k = 0; k < bins; k++)
                    magnitude[k * frames + t] = Complex.Abs(state.Spectrum[k]);
                return state;
            },
            _ => { });
        return magnitude;
    }

    /// <summary>
    /// Mel magnitudes (MelBands × frames) from |STFT| (Bins × frames): the float32 filters times the float64
    /// magnitudes, accumulated in float64 (numpy promotes the float32 basis in np.dot).
    /// </summary>
    public double[] ToMel(ReadOnlySpan<double> magnitude, int frames)
    {
        int bands = Config.MelBands, bins = Bins;
        var mel = new double[bands * frames];
        for (int m = 0; m < bands; m++)
        {
            var filter = _melBasis.AsSpan(m * bins, bins);
            var row = mel.AsSpan(m * frames, frames);
            var (first, end) = _bandRanges[m];
            for (int k = first; k < end; k++)
            {
                double w = filter[k];
                if (w == 0)
                    continue;
                var magnitudes = magnitude.Slice(k * frames, frames);
                for (int t = 0; t < frames; t++)
                    row[t] += w * magnitudes[t];
            }
        }
        return mel;
    }

    /// <summary>
    /// In place: S = 20·log10(max(1e-5, m)) − ref_level_db, then clip(2·max·(S − min_db)/(−min_db) − max, −max, max).
    /// </summary>
    public void Normalize(Span<double> mel)
    {
        var c = Config;
        double floor = Math.Exp(c.MinLevelDb / 20 * Math.Log(10));   // upstream's exp(−5·ln 10), not the literal 1e-5
        for (int i = 0; i < mel.Length; i++)
        {
            double db = 20 * Math.Log10(Math.Max(floor, mel[i])) - c.RefLevelDb;
            double scaled = 2 * c.MaxAbsValue * ((db - c.MinLevelDb) / -c.MinLevelDb) - c.MaxAbsValue;
            mel[i] = Math.Clamp(scaled, -c.MaxAbsValue, c.MaxAbsValue);
        }
    }

    /// <summary>
    /// The normalised mel spectrogram (MelBands × FrameCount, row-major, values in [−4, 4]) of samples that are
    /// already cut to whole video frames (see <see cref="CropToVideoFrames"/>). Equal, bit for bit, to
    /// <see cref="Preemphasize"/> → <see cref="StftMagnitude"/> → <see cref="ToMel"/> → <see cref="Normalize"/>.
    /// </summary>
    public double[] Compute(ReadOnlyMemory<float> samples) =>
        ComputeFrames(new MemoryAudioSamples(samples), 0, FrameCount(samples.Length));

    /// <summary>
    /// Mel frames [first, first + count) of a signal (MelBands × count, row-major, normalised), computed from just
    /// the samples they cover: frame t sees samples [t·hop − n_fft/2 − 1, t·hop + n_fft/2) (one more for the
    /// pre-emphasis), zero outside the signal. Any split into ranges gives the same values bit for bit, so a long
    /// recording is processed a window at a time without holding its spectrogram or its float64 signal.
    /// </summary>
    public double[] ComputeFrames(IAudioSamples samples, int first, int count)
    {
        int nFft = Config.FftSize, hop = Config.HopSize, half = nFft / 2, bins = Bins, bands = Config.MelBands;
        long length = samples.Length;
        double k = Config.Preemphasis;
        // The samples the frames cover, with one before for the pre-emphasis of the first.
        long origin = (long)first * hop - half - 1;
        var x = new float[Math.Max(0, (count - 1) * hop + nFft + 1)];
        samples.Read(origin, x);
        var mel = new double[bands * count];
        var window = _window;
        var basis = _melBasis;
        var ranges = _bandRanges;
        Parallel.For(0, count,
            () => (Fft: new Fft(nFft), Frame: new double[nFft], Spectrum: new Complex[bins], Magnitude: new double[bins]),
            (t, _, state) =>
            {
                long start = (long)(first + t) * hop - half;
                for (int n = 0; n < nFft; n++)
                {
                    long index = start + n;
                    int local = (int)(index - origin);
                    if (index >= 0 && index < length)
                    {
                        double previous = index > 0 ? x[local - 1] : 0;   // pre-emphasis, as Preemphasize computes it
                        state.Frame[n] = window[n] * (x[local] - k * previous);
                    }
                    else
                        state.Frame[n] = 0.0;
                }
                state.Fft.ForwardReal(state.Frame, state.Spectrum);
                for (int bin = 0; bin < bins; bin++)
                    state.Magnitude[bin] = Complex.Abs(state.Spectrum[bin]);
                for (int m = 0; m < bands; m++)
                {
                    // Same order of additions as ToMel, so the two paths agree bit for bit.
                    double sum = 0;
                    var (lo, end) = ranges[m];
                    for (int bin = lo; bin < end; bin++)
                    {
                        double w = basis[m * bins + bin];
                        if (w != 0)
                            sum += w * state.Magnitude[bin];
                    }
                    mel[m * count + t] = sum;
                }
                return state;
            },
            _ => { });
        Normalize(mel);
        return mel;
    }

    /// <summary>Per band, the bins [First, End) outside which the (triangular) filter is zero.</summary>
    private static (int First, int End)[] NonZeroRanges(float[] basis, int bands, int bins)
    {
        var ranges = new (int, int)[bands];
        for (int m = 0; m < bands; m++)
        {
            var filter = basis.AsSpan(m * bins, bins);
            int first = filter.IndexOfAnyExcept(0f);
            ranges[m] = first < 0 ? (0, 0) : (first, filter.LastIndexOfAnyExcept(0f) + 1);
        }
        return ranges;
    }

    /// <summary>scipy.signal.get_window('hann', n, fftbins=True): 0.5 + 0.5·cos(x) over linspace(−π, π, n + 1)[:n].</summary>
    private static double[] PeriodicHann(int n)
    {
        var window = new double[n];
        double step = 2 * Math.PI / n;
        for (int i = 0; i < n; i++)
            window[i] = 0.5 + 0.5 * Math.Cos(i * step + -Math.PI);
        return window;
    }

    /// <summary>librosa.filters.mel(htk=False, norm='slaney', dtype=float32), step by step as librosa 0.10 does it.</summary>
    private static float[] SlaneyMelBasis(MelSpectrogramConfig c)
    {
        int bands = c.MelBands, bins = c.FftSize / 2 + 1;
        double binWidth = 1.0 / (c.FftSize * (1.0 / c.SampleRate));   // numpy.fft.rfftfreq
        double minMel = HzToMel(c.MinFrequency), maxMel = HzToMel(c.MaxFrequency);
        int points = bands + 2;
        double melStep = (maxMel - minMel) / (points - 1);          // numpy.linspace, endpoint exact
        var edges = new double[points];
        for (int i = 0; i < points; i++)
            edges[i] = MelToHz(i == points - 1 ? maxMel : i * melStep + minMel);

        var basis = new float[bands * bins];
        for (int m = 0; m < bands; m++)
        {
            double lowerWidth = edges[m + 1] - edges[m], upperWidth = edges[m + 2] - edges[m + 1];
            double areaNorm = 2.0 / (edges[m + 2] - edges[m]);
            for (int k = 0; k < bins; k++)
            {
                double frequency = k * binWidth;
                double lower = -(edges[m] - frequency) / lowerWidth;
                double upper = (edges[m + 2] - frequency) / upperWidth;
                float weight = (float)Math.Max(0, Math.Min(lower, upper));
                basis[m * bins + k] = (float)(weight * areaNorm);
            }
        }
        return basis;
    }

    private const double MelLinearStep = 200.0 / 3, LogStartHz = 1000.0;
    private static readonly double LogStartMel = LogStartHz / MelLinearStep, LogStep = Math.Log(6.4) / 27.0;

    private static double HzToMel(double hz) =>
        hz >= LogStartHz ? LogStartMel + Math.Log(hz / LogStartHz) / LogStep : hz / MelLinearStep;

    private static double MelToHz(double mel) =>
        mel >= LogStartMel ? LogStartHz * Math.Exp(LogStep * (mel - LogStartMel)) : MelLinearStep * mel;
}

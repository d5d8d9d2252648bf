namespace KDTalker.Tests.Audio;

/// <summary>Least-squares fit of a·cos + b·sin at a known frequency, in float64: amplitude and what is left over.</summary>
internal readonly record struct ToneFit(double Amplitude, double ResidualRms)
{
    public static ToneFit Measure(ReadOnlySpan<float> signal, double frequency, int sampleRate)
    {
        double w = 2 * Math.PI * frequency / sampleRate;
        double cc = 0, ss = 0, cs = 0, xc = 0, xs = 0;
        for (int n = 0; n < signal.Length; n++)
        {
            double c = Math.Cos(w * n), s = Math.Sin(w * n);
            cc += c * c;
            ss += s * s;
            cs += c * s;
            xc += signal[n] * c;
            xs += signal[n] * s;
        }
        double det = cc * ss - cs * cs;
        double a = (xc * ss - xs * cs) / det, b = (xs * cc - xc * cs) / det;
        double residual = 0;
        for (int n = 0; n < signal.Length; n++)
        {
            double e = signal[n] - (a * Math.Cos(w * n) + b * Math.Sin(w * n));
            residual += e * e;
        }
        return new ToneFit(Math.Sqrt(a * a + b * b), Math.Sqrt(residual / signal.Length));
    }

    public static double Rms(ReadOnlySpan<float> signal)
    {
        double sum = 0;
        foreach (float x in signal)
            sum += (double)x * x;
        return Math.Sqrt(sum / signal.Length);
    }

    public static double Decibels(double ratio) => 20 * Math.Log10(ratio);

    public static float[] Sine(double frequency, double amplitude, int sampleRate, int length) =>
        Enumerable.Range(0, length).Select(n => (float)(amplitude * Math.Sin(2 * Math.PI * frequency * n / sampleRate + 0.3))).ToArray();
}

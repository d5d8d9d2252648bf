using System.Numerics;

namespace KDTalker.Model.Audio;

/// <summary>
/// A mixed-radix Cooley–Tukey FFT in float64 for one transform size, with the factorisation and the
/// twiddle table computed once. Radices 4, 2, 3 and 5 are taken first; any other prime factor p is
/// handled by a generic radix-p butterfly (O(n·p) for that stage), so sizes built from small primes
/// (800 = 2⁵·5², 1000, 512...) run in O(n·Σp). Unnormalised forward transform:
/// X[k] = Σₙ x[n]·e^(−2πi·kn/N), the convention of numpy.fft / pocketfft.
/// </summary>
/// <remarks>An instance keeps scratch buffers: use one instance per thread.</remarks>
public sealed class Fft
{
    private readonly int[] _factors;
    private readonly Complex[] _twiddles;
    private readonly Complex[] _buffer;
    private readonly Complex[] _output;
    private readonly Complex[] _butterfly;

    /// <summary>Plans the transform of <paramref name="size"/> points.</summary>
    public Fft(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        _factors = Factorize(size);
        _twiddles = new Complex[size];
        for (int k = 0; k < size; k++)
        {
            double angle = -2.0 * Math.PI * k / size;
            _twiddles[k] = new Complex(Math.Cos(angle), Math.Sin(angle));
        }
        _buffer = new Complex[size];
        _output = new Complex[size];
        _butterfly = new Complex[_factors.Length == 0 ? 1 : _factors.Max()];
    }

    /// <summary>The number of points.</summary>
    public int Size { get; }

    /// <summary>The radices used, outermost stage first (e.g. 800 → 4, 4, 2, 5, 5).</summary>
    public IReadOnlyList<int> Factors => _factors;

    /// <summary>The complex forward transform of <paramref name="input"/> (Size values) into <paramref name="output"/>.</summary>
    public void Forward(ReadOnlySpan<Complex> input, Span<Complex> output)
    {
        if (input.Length != Size || output.Length != Size)
            throw new ArgumentException($"The FFT is planned for {Size} points; got {input.Length} in, {output.Length} out.");
        input.CopyTo(_buffer);
        Transform(_buffer, 0, 1, _output, 0, Size, 0);
        _output.CopyTo(output);
    }

    /// <summary>
    /// The one-sided transform of a real signal: the Size/2 + 1 bins X[0..Size/2] (what numpy.fft.rfft returns).
    /// </summary>
    public void ForwardReal(ReadOnlySpan<double> input, Span<Complex> output)
    {
        int bins = Size / 2 + 1;
        if (input.Length != Size || output.Length != bins)
            throw new ArgumentException($"The real FFT of {Size} points takes {Size} values and gives {bins} bins; got {input.Length} " +
                $"in, {output.Length} out.");
        for (int i = 0; i < Size; i++)
            _buffer[i] = new Complex(input[i], 0);
        Transform(_buffer, 0, 1, _output, 0, Size, 0);
        _output.AsSpan(0, bins).CopyTo(output);
    }

    /// <summary>
    /// Decimation in time: the n-point DFT of input[offset + j·stride] is built from p sub-transforms of
    /// n/p points (every p-th sample), written contiguously at output[outOffset + q·m], then combined
    /// in place by radix-p butterflies.
    /// </summary>
    private void Transform(Complex[] input, int inOffset, int stride, Complex[] output, int outOffset, int n, int stage)
    {
        if (n == 1)
        {
            output[outOffset] = input[inOffset];
            return;
        }
        int p = _factors[stage], m = n / p;
        for (int q = 0; q < p; q++)
            Transform(input, inOffset + q * stride, stride * p, output, outOffset + q * m, m, stage + 1);

        int twiddleStep = Size / n;          // W_n^j = W_N^(j·N/n)
        int rootStep = Size / p;             // W_p^j = W_N^(j·N/p)
        var t = _butterfly;
        for (int k = 0; k < m; k++)
        {
            t[0] = output[outOffset + k];
            for (int q = 1; q < p; q++)
                t[q] = output[outOffset + q * m + k] * _twiddles[q * k * twiddleStep];
            switch (p)
            {
                case 2:
                    output[outOffset + k] = t[0] + t[1];
                    output[outOffset + m + k] = t[0] - t[1];
                    break;
                case 4:
                {
                    // W_4 = −i: X_r = Σ_q t_q·(−i)^(q·r).
                    Complex a = t[0] + t[2], b = t[0] - t[2], c = t[1] + t[3], d = t[1] - t[3];
                    var dTimesMinusI = new Complex(d.Imaginary, -d.Real);
                    output[outOffset + k] = a + c;
                    output[outOffset + m + k] = b + dTimesMinusI;
                    output[outOffset + 2 * m + k] = a - c;
                    output[outOffset + 3 * m + k] = b - dTimesMinusI;
                    break;
                }
                default:
                    for (int r = 0; r < p; r++)
                    {
                        Complex sum = t[0];
                        for (int q = 1; q < p; q++)
                            sum += t[q] * _twiddles[q * r % p * rootStep];
                        output[outOffset + r * m + k] = sum;
                    }
                    break;
            }
        }
    }

    private static int[] Factorize(int n)
    {
        var factors = new List<int>();
        while (n % 4 == 0) { factors.Add(4); n /= 4; }
        foreach (int p in (int[])[2, 3, 5])
            while (n % p == 0) { factors.Add(p); n /= p; }
        for (int p = 7; n > 1; p += 2)
        {
            if ((long)p * p > n)
            {
                factors.Add(n);
                break;
            }
            while (n % p == 0) { factors.Add(p); n /= p; }
        }
        return factors.ToArray();
    }
}

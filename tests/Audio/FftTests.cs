using System.Numerics;
using KDTalker.Model.Audio;
using Xunit;

namespace KDTalker.Tests.Audio;

/// <summary>The mixed-radix FFT against a naive float64 DFT.</summary>
public class FftTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(100)]
    [InlineData(800)]
    [InlineData(1000)]
    [InlineData(1024)]
    public void Complex_transform_matches_the_naive_DFT(int size)
    {
        var random = new Random(size);
        var input = Enumerable.Range(0, size).Select(_ => new Complex(random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1)).ToArray();
        var output = new Complex[size];
        new Fft(size).Forward(input, output);
        var expected = NaiveDft(input);
        Assert.True(MaxError(output, expected) < 1e-12 * size, $"max error {MaxError(output, expected):E2}");
    }

    [Theory]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(100)]
    [InlineData(800)]
    [InlineData(1000)]
    public void Real_transform_gives_the_one_sided_bins(int size)
    {
        var random = new Random(size + 1);
        var signal = Enumerable.Range(0, size).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var bins = new Complex[size / 2 + 1];
        var fft = new Fft(size);
        fft.ForwardReal(signal, bins);
        var expected = NaiveDft(signal.Select(v => new Complex(v, 0)).ToArray())[..bins.Length];
        Assert.True(MaxError(bins, expected) < 1e-12 * size);
        // The plan is reusable: a second call on the same instance gives the same bits.
        var again = new Complex[bins.Length];
        fft.ForwardReal(signal, again);
        Assert.Equal(bins, again);
    }

    [Fact]
    public void Size_800_uses_small_radices()
    {
        Assert.Equal([4, 4, 2, 5, 5], new Fft(800).Factors);
        Assert.Equal([4, 2, 5, 5, 5], new Fft(1000).Factors);
    }

    private static Complex[] NaiveDft(Complex[] x)
    {
        int n = x.Length;
        var result = new Complex[n];
        for (int k = 0; k < n; k++)
        {
            Complex sum = 0;
            for (int j = 0; j < n; j++)
            {
                double angle = -2 * Math.PI * ((long)k * j % n) / n;
                sum += x[j] * new Complex(Math.Cos(angle), Math.Sin(angle));
            }
            result[k] = sum;
        }
        return result;
    }

    private static double MaxError(Complex[] actual, Complex[] expected) =>
        actual.Zip(expected, (a, e) => (a - e).Magnitude).Max();
}

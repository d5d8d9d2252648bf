namespace KDTalker.Model.Motion;

/// <summary>
/// Reproducible standard-normal noise: xoshiro256** seeded through SplitMix64, Box–Muller in float64. Our own
/// generator, so the same seed gives the same video on every .NET version and machine (System.Random's
/// algorithm is not guaranteed across versions).
/// </summary>
public sealed class GaussianNoise : INoiseSource
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spare;
    private bool _hasSpare;

    /// <summary>Starts the stream for <paramref name="seed"/>.</summary>
    public GaussianNoise(long seed)
    {
        ulong state = unchecked((ulong)seed);
        _s0 = SplitMix(ref state);
        _s1 = SplitMix(ref state);
        _s2 = SplitMix(ref state);
        _s3 = SplitMix(ref state);
    }

    /// <inheritdoc />
    public void Fill(Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = (float)Next();
    }

    /// <summary>The next standard-normal value.</summary>
    public double Next()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        double u1 = 1.0 - NextUniform(), u2 = NextUniform(); // u1 in (0, 1]: the logarithm stays finite
        double radius = Math.Sqrt(-2.0 * Math.Log(u1)), angle = 2.0 * Math.PI * u2;
        _spare = radius * Math.Sin(angle);
        _hasSpare = true;
        return radius * Math.Cos(angle);
    }

    // 53 random bits → [0, 1).
    private double NextUniform() => (NextBits() >> 11) * (1.0 / (1UL << 53));

    private ulong NextBits()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

using KDTalker.Model.Motion;
using Xunit;

namespace KDTalker.Tests.Motion;

public class GaussianNoiseTests
{
    [Fact]
    public void The_same_seed_gives_the_same_stream_and_other_seeds_differ()
    {
        float[] Draw(long seed)
        {
            var values = new float[4480];
            new GaussianNoise(seed).Fill(values);
            return values;
        }
        Assert.Equal(Draw(42), Draw(42));
        Assert.NotEqual(Draw(42), Draw(43));
    }

    [Fact]
    public void Values_have_the_moments_of_a_standard_normal()
    {
        // 200 000 draws: the standard errors of mean, variance and kurtosis are 0.0022, 0.0032 and 0.011.
        var noise = new GaussianNoise(7);
        const int count = 200_000;
        double sum = 0, squares = 0, fourth = 0;
        int beyondTwo = 0;
        for (int i = 0; i < count; i++)
        {
            double v = noise.Next();
            sum += v;
            squares += v * v;
            fourth += v * v * v * v;
            if (Math.Abs(v) > 2)
                beyondTwo++;
        }
        Assert.InRange(sum / count, -0.01, 0.01);
        Assert.InRange(squares / count, 0.985, 1.015);
        Assert.InRange(fourth / count, 2.94, 3.06);
        Assert.InRange(beyondTwo / (double)count, 0.0435, 0.0475); // P(|Z| > 2) = 0.0455
    }
}

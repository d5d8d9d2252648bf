using KDTalker.Model.Motion;
using Xunit;

namespace KDTalker.Tests.Motion;

public class DdimSchedulerTests
{
    private readonly DdimScheduler _scheduler = new();

    [Fact]
    public void Timesteps_follow_integer_division_of_the_training_steps()
    {
        Assert.Equal(Enumerable.Range(0, 50).Select(i => 980 - 20 * i), _scheduler.Timesteps(50));
        Assert.Equal([0], _scheduler.Timesteps(1));
        Assert.Equal([666, 333, 0], _scheduler.Timesteps(3));
        Assert.Equal(Enumerable.Range(0, 1000).Reverse(), _scheduler.Timesteps(1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => _scheduler.Timesteps(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _scheduler.Timesteps(1001));
    }

    [Fact]
    public void Alphas_cumprod_is_the_product_of_linear_betas()
    {
        // Closed form in float64: ᾱ_t = Π (1 − β_i), β_i = 1e-5 + (8e-3 − 1e-5)·i/999.
        double product = 1;
        for (int t = 0; t < 1000; t++)
        {
            product *= 1 - (1e-5 + (8e-3 - 1e-5) * t / 999);
            Assert.Equal(product, _scheduler.AlphasCumprod[t], product * 2e-6);
        }
    }

    [Theory]
    [InlineData(980, 50)]
    [InlineData(500, 2)]
    [InlineData(0, 50)]
    public void A_step_with_the_true_noise_lands_on_the_previous_marginal(int timestep, int steps)
    {
        // x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε; with ε predicted exactly, η = 0 DDIM gives √ᾱ_prev·x₀ + √(1−ᾱ_prev)·ε.
        var rng = new Random(timestep);
        var x0 = Enumerable.Range(0, 140).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
        var epsilon = Enumerable.Range(0, 140).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        double alpha = _scheduler.AlphasCumprod[timestep];
        int previous = timestep - 1000 / steps;
        double alphaPrevious = previous >= 0 ? _scheduler.AlphasCumprod[previous] : 1;
        var sample = x0.Select((x, i) => (float)(Math.Sqrt(alpha) * x + Math.Sqrt(1 - alpha) * epsilon[i])).ToArray();
        _scheduler.Step(epsilon.Select(e => (float)e).ToArray(), timestep, steps, sample);
        for (int i = 0; i < sample.Length; i++)
            Assert.Equal(Math.Sqrt(alphaPrevious) * x0[i] + Math.Sqrt(1 - alphaPrevious) * epsilon[i], sample[i], 2e-5);
    }
}

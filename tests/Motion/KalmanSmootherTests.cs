using KDTalker.Model.Motion;
using Xunit;

namespace KDTalker.Tests.Motion;

public class KalmanSmootherTests
{
    [Fact]
    public void Streaming_with_a_32_frame_lag_equals_the_whole_sequence_smoother()
    {
        var rng = new Random(5);
        const int frames = 300, dimensions = 4;
        var sequence = Enumerable.Range(0, frames * dimensions).Select(i => (float)(Math.Sin(i * 0.01) + rng.NextDouble() * 0.2)).ToArray();
        var whole = KalmanSmoother.Smooth(sequence, dimensions);

        var streaming = new KalmanSmoother(dimensions);
        var emitted = new List<double[]>();
        for (int t = 0; t < frames; t++)
        {
            var ready = streaming.Push(sequence.AsSpan(t * dimensions, dimensions));
            Assert.Equal(t >= streaming.Lag ? 1 : 0, ready.Count);
            emitted.AddRange(ready);
        }
        emitted.AddRange(streaming.Flush());
        var streamed = emitted.SelectMany(r => r).ToArray();
        Assert.Equal(whole.Length, streamed.Length);
        for (int i = 0; i < whole.Length; i++)
            Assert.Equal(whole[i], streamed[i], 1e-14);
    }

    [Fact]
    public void A_single_frame_is_returned_unchanged_and_a_constant_stays_constant()
    {
        Assert.Equal([1.5, -2], KalmanSmoother.Smooth([1.5f, -2f], 2));
        var constant = Enumerable.Repeat(0.25f, 50).ToArray();
        Assert.All(KalmanSmoother.Smooth(constant, 1), v => Assert.Equal(0.25, v, 1e-15));
    }
}

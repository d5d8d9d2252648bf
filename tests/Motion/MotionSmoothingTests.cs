using KDTalker.Model.Motion;
using Xunit;

namespace KDTalker.Tests.Motion;

public class MotionSmoothingTests
{
    [Fact]
    public void Pose_translation_and_expression_are_smoothed_per_dimension_and_scale_is_kept()
    {
        var rng = new Random(2);
        float Next() => (float)(rng.NextDouble() * 2 - 1);
        var frames = Enumerable.Range(0, 90).Select(i => new MotionFrame(1 + Next(), 10 * Next(), 5 * Next(), 3 * Next(),
            [Next(), Next(), Next()], Enumerable.Range(0, 63).Select(_ => 0.01f * Next()).ToArray())).ToList();

        var smoothed = MotionSmoothing.Smooth(frames).ToList();

        Assert.Equal(frames.Count, smoothed.Count);
        Assert.Equal(frames.Select(f => f.Scale), smoothed.Select(f => f.Scale));
        // Each quantity against the whole-sequence smoother run on that quantity alone.
        void Check(Func<MotionFrame, float[]> select)
        {
            int dims = select(frames[0]).Length;
            var expected = KalmanSmoother.Smooth(frames.SelectMany(select).ToArray(), dims);
            var actual = smoothed.SelectMany(select).ToArray();
            for (int i = 0; i < expected.Length; i++)
                Assert.Equal((float)expected[i], actual[i]);
        }
        Check(f => [f.Pitch]);
        Check(f => [f.Yaw]);
        Check(f => [f.Roll]);
        Check(f => f.T);
        Check(f => f.Exp);
    }
}

using KDTalker.Model.Motion;
using KDTalker.Model.Renderer;
using Xunit;

namespace KDTalker.Tests.Motion;

/// <summary>
/// The motion controls, against keypoints composed by hand from docs/PIPELINE.md §12's formula
/// x_d = scale·(x_c_s·R + δ) + t (float64 here; 1e-5 absolute on keypoints of magnitude ≲ 2).
/// </summary>
public class MotionComposerTests
{
    private static readonly int[] Lips = [6, 12, 14, 17, 19, 20];
    private readonly KeypointInfo _source;
    private readonly MotionFrame _frame0, _frame1;

    public MotionComposerTests()
    {
        var rng = new Random(21);
        float[] Values(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() - 0.5) * scale)).ToArray();
        _source = new KeypointInfo(4f, -6f, 1.5f, Values(3, 0.1), Values(63, 0.04), 1.6f, Values(63, 0.8));
        _frame0 = new MotionFrame(1.5f, 2f, -3f, 0.5f, Values(3, 0.1), Values(63, 0.04));
        _frame1 = new MotionFrame(1.4f, 10f, 4f, -2f, Values(3, 0.1), Values(63, 0.04));
    }

    [Fact]
    public void Default_controls_compose_the_absolute_upstream_formula()
    {
        var composer = new MotionComposer(_source, new MotionControls());
        composer.Compose(_frame0);
        var expected = Expected(_frame1.Pitch, _frame1.Yaw, _frame1.Roll, _frame1.Exp, _source.Scale, [_frame1.T[0], _frame1.T[1]]);
        AssertClose(expected, composer.Compose(_frame1).Keypoints);
    }

    [Fact]
    public void Head_motion_scale_zero_keeps_the_source_pose()
    {
        var composer = new MotionComposer(_source, new MotionControls { HeadMotionScale = 0 });
        var expected = Expected(_source.Pitch, _source.Yaw, _source.Roll, _frame1.Exp, _source.Scale, [_source.T[0], _source.T[1]]);
        AssertClose(expected, composer.Compose(_frame1).Keypoints);
    }

    [Fact]
    public void Head_motion_scale_two_doubles_the_departure_from_the_source_pose()
    {
        var composer = new MotionComposer(_source, new MotionControls { HeadMotionScale = 2 });
        float Twice(float source, float driving) => 2 * driving - source;
        var expected = Expected(Twice(_source.Pitch, _frame1.Pitch), Twice(_source.Yaw, _frame1.Yaw), Twice(_source.Roll, _frame1.Roll), _frame1.Exp, _source.Scale,
            [Twice(_source.T[0], _frame1.T[0]), Twice(_source.T[1], _frame1.T[1])]);
        AssertClose(expected, composer.Compose(_frame1).Keypoints);
    }

    [Fact]
    public void Expression_scale_blends_between_the_source_and_the_generated_expression()
    {
        var composer = new MotionComposer(_source, new MotionControls { ExpressionScale = 0.5 });
        var exp = _source.Exp.Select((s, i) => (s + _frame1.Exp[i]) / 2).ToArray();
        var expected = Expected(_frame1.Pitch, _frame1.Yaw, _frame1.Roll, exp, _source.Scale, [_frame1.T[0], _frame1.T[1]]);
        AssertClose(expected, composer.Compose(_frame1).Keypoints);
    }

    [Fact]
    public void Lips_only_moves_the_six_lip_keypoints_and_nothing_else()
    {
        var composer = new MotionComposer(_source, new MotionControls { LipsOnly = true });
        var exp = _source.Exp.Select((s, i) => Lips.Contains(i / 3) ? _frame1.Exp[i] : s).ToArray();
        var expected = Expected(_source.Pitch, _source.Yaw, _source.Roll, exp, _source.Scale, [_source.T[0], _source.T[1]]);
        AssertClose(expected, composer.Compose(_frame1).Keypoints);
    }

    [Fact]
    public void Relative_mode_with_head_scale_zero_keeps_the_source_rotation()
    {
        var composer = new MotionComposer(_source, new MotionControls { Relative = true, HeadMotionScale = 0 });
        composer.Compose(_frame0);
        var rotation = composer.Compose(_frame1).Rotation;
        var sourceRotation = HeadRotation.Matrix(_source.Pitch, _source.Yaw, _source.Roll);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                Assert.Equal(sourceRotation[i, j], rotation[i, j], 1e-6);
    }

    [Fact]
    public void Negative_or_infinite_scales_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MotionComposer(_source, new MotionControls { HeadMotionScale = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MotionComposer(_source, new MotionControls { ExpressionScale = double.PositiveInfinity }));
    }

    // x_d = scale·(kp·R + δ) + [tx, ty, 0] in float64, R = (Rz·Ry·Rx)ᵀ.
    private double[] Expected(double pitch, double yaw, double roll, float[] exp, double scale, double[] t)
    {
        double x = pitch * Math.PI / 180, y = yaw * Math.PI / 180, z = roll * Math.PI / 180;
        double[,] rx = { { 1, 0, 0 }, { 0, Math.Cos(x), -Math.Sin(x) }, { 0, Math.Sin(x), Math.Cos(x) } };
        double[,] ry = { { Math.Cos(y), 0, Math.Sin(y) }, { 0, 1, 0 }, { -Math.Sin(y), 0, Math.Cos(y) } };
        double[,] rz = { { Math.Cos(z), -Math.Sin(z), 0 }, { Math.Sin(z), Math.Cos(z), 0 }, { 0, 0, 1 } };
        var r = Multiply(Multiply(rz, ry), rx);
        var result = new double[63];
        for (int k = 0; k < 21; k++)
            for (int j = 0; j < 3; j++)
            {
                double rotated = 0;
                for (int i = 0; i < 3; i++)
                    rotated += _source.Kp[3 * k + i] * r[j, i]; // (R)ᵀ[i, j] = R[j, i]
                result[3 * k + j] = scale * (rotated + exp[3 * k + j]) + (j < 2 ? t[j] : 0);
            }
        return result;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var c = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 3; k++)
                    c[i, j] += a[i, k] * b[k, j];
        return c;
    }

    private static void AssertClose(double[] expected, ImplicitKeypoints keypoints)
    {
        var actual = keypoints.Values;
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i], 1e-5);
    }
}

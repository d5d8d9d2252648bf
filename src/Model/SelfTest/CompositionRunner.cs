using KDTalker.Model.Motion;
using KDTalker.Model.Renderer;
using KDTalker.Tensors;

namespace KDTalker.Model.SelfTest;

/// <summary>
/// Case j: normalising the source motion with the shipped norm.json, de-normalising six sampled rows, their
/// rotation matrices and the driving keypoints of both composition modes. All float32 arithmetic on short
/// sums: 1e-5 absolute on values up to ~40 (degrees) and 1e-6 on keypoints and matrices.
/// </summary>
internal sealed class CompositionRunner : GoldenRunner
{
    private const double DegreesTolerance = 1e-5, Tolerance = 1e-6;

    public override bool Handles(string module) => false;

    public override bool Handles(GoldenCase golden) => golden.Config.RootElement.TryGetProperty("default_branch", out _);

    public override IReadOnlyList<GoldenComparison> Run(GoldenCase golden, IBackend backend)
    {
        var tensors = golden.Tensors;
        var source = new KeypointInfo(tensors.ReadFloat32("src_pitch")[0], tensors.ReadFloat32("src_yaw")[0], tensors.ReadFloat32("src_roll")[0],
            tensors.ReadFloat32("src_t"), tensors.ReadFloat32("src_exp"), tensors.ReadFloat32("src_scale")[0], tensors.ReadFloat32("src_kp"));
        var normalization = MotionNormalization.Release;
        var results = new List<GoldenComparison>
        {
            Compare(golden, "src_R", Flatten(HeadRotation.Matrix(source.Pitch, source.Yaw, source.Roll)), Tolerance),
            Compare(golden, "src_x_s", source.Transform().Values, Tolerance),
            Compare(golden, "src_norm_ori_kp", normalization.IdentityRow(source), Tolerance),
            // input_x repeats the row three times on a new last axis.
            Compare(golden, "src_norm_input_x", Triple(normalization.SourceRow(source)), Tolerance),
        };

        // Our sampler's three copies are identical, so the pipeline skips upstream's mean over them; this case's
        // raw rows are random and differ, so the mean is taken here (float32 sum, then /3).
        var raw = tensors.ReadFloat32("raw_diffusion_output");
        var mean = Enumerable.Range(0, raw.Length / 3).Select(i => (raw[3 * i] + raw[3 * i + 1] + raw[3 * i + 2]) / 3f).ToArray();
        results.Add(Compare(golden, "raw_mean_over_last", mean, Tolerance));
        var motion = mean.Chunk(MotionLayout.Features).Select(row => normalization.Denormalize(row)).ToList();
        results.Add(Compare(golden, "drv_scale", motion.Select(m => m.Scale).ToArray(), Tolerance));
        results.Add(Compare(golden, "drv_yaw", motion.Select(m => m.Yaw).ToArray(), DegreesTolerance));
        results.Add(Compare(golden, "drv_pitch", motion.Select(m => m.Pitch).ToArray(), DegreesTolerance));
        results.Add(Compare(golden, "drv_roll", motion.Select(m => m.Roll).ToArray(), DegreesTolerance));
        results.Add(Compare(golden, "drv_t", motion.SelectMany(m => m.T).ToArray(), Tolerance));
        results.Add(Compare(golden, "drv_exp", motion.SelectMany(m => m.Exp).ToArray(), Tolerance));
        results.Add(Compare(golden, "drv_R", motion.SelectMany(m => Flatten(HeadRotation.Matrix(m.Pitch, m.Yaw, m.Roll))).ToArray(), Tolerance));

        var absolute = new MotionComposer(source, new MotionControls());
        var relative = new MotionComposer(source, new MotionControls { Relative = true });
        var absoluteMotion = motion.Select(absolute.Compose).ToList();
        var relativeMotion = motion.Select(relative.Compose).ToList();
        results.Add(Compare(golden, "x_d_new_absolute", absoluteMotion.SelectMany(m => m.Keypoints.ToArray()).ToArray(), Tolerance));
        results.Add(Compare(golden, "x_d_new_relative", relativeMotion.SelectMany(m => m.Keypoints.ToArray()).ToArray(), Tolerance));
        results.Add(Compare(golden, "relative_R_new_last", Flatten(relativeMotion[^1].Rotation), Tolerance));
        return results;
    }

    private static float[] Flatten(float[,] matrix) => matrix.Cast<float>().ToArray();

    private static float[] Triple(float[] row) => row.SelectMany(v => new[] { v, v, v }).ToArray();
}

using KDTalker.Model.Renderer;

namespace KDTalker.Model.Motion;

/// <summary>
/// One frame's composed motion (docs/PIPELINE.md §12): rotation R_new (row-vector convention, p' = p·R), expression
/// δ (21·3), scale, translation t (t_z = 0) and the driving keypoints x_d = scale·(x_c_s·R + δ) + t the
/// renderer warps the source with.
/// </summary>
public sealed record DrivingMotion(float[,] Rotation, float[] Expression, float Scale, float[] Translation, ImplicitKeypoints Keypoints);

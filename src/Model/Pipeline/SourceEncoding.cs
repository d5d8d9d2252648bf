using KDTalker.Model.Media;
using KDTalker.Model.Renderer;
using KDTalker.Tensors;

namespace KDTalker.Model.Pipeline;

/// <summary>
/// What the pipeline computes once per portrait (docs/PIPELINE.md §2): the appearance feature volume f_s, the
/// keypoint info (pose, expression, scale, canonical keypoints) and the source keypoints x_s.
/// </summary>
public sealed class SourceEncoding : IDisposable
{
    private SourceEncoding(Tensor featureVolume, KeypointInfo info)
    {
        FeatureVolume = featureVolume;
        Info = info;
        Keypoints = info.Transform();
    }

    /// <summary>f_s (1, C, D, H, W).</summary>
    public Tensor FeatureVolume { get; }

    /// <summary>get_kp_info of the source.</summary>
    public KeypointInfo Info { get; }

    /// <summary>x_s, the source's implicit keypoints.</summary>
    public ImplicitKeypoints Keypoints { get; }

    /// <summary>Runs F and M on the 256×256 network input.</summary>
    public static SourceEncoding Encode(TalkerModels models, RgbImage crop)
    {
        using var image = ToTensor(crop, models.Denoiser.Backend);
        var featureVolume = models.Appearance.Forward(image);
        try
        {
            return new SourceEncoding(featureVolume, KeypointInfo.FromHeads(models.Motion.Forward(image)));
        }
        catch
        {
            featureVolume.Dispose();
            throw;
        }
    }

    /// <summary>prepare_source: HWC bytes → (1, 3, H, W) float32 in [0, 1] (pixel / 255).</summary>
    public static Tensor ToTensor(RgbImage image, IBackend backend)
    {
        int plane = image.Width * image.Height;
        var values = new float[3 * plane];
        var pixels = image.Pixels;
        for (int p = 0; p < plane; p++)
            for (int c = 0; c < 3; c++)
                values[c * plane + p] = pixels[3 * p + c] / 255f;
        return Ops.FromSpan(backend, values, 1, 3, image.Height, image.Width);
    }

    /// <inheritdoc />
    public void Dispose() => FeatureVolume.Dispose();
}

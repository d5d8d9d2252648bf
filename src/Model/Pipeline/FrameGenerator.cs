using KDTalker.Model.Media;
using KDTalker.Model.Motion;
using KDTalker.Model.Renderer;
using KDTalker.Tensors;

namespace KDTalker.Model.Pipeline;

/// <summary>
/// Audio features → rendered frames, one at a time (docs/PIPELINE.md §8–§13): diffusion motion a window ahead, Kalman
/// smoothing a few frames ahead, composition, then warp_decode and parse_output per frame. Nothing is kept per
/// frame beyond the current window, so memory does not grow with the audio's length.
/// </summary>
public sealed class FrameGenerator(TalkerModels models)
{
    /// <summary>The frames of <paramref name="audio"/>, lazily: each MoveNext renders one frame.</summary>
    public IEnumerable<(FrameMotion Motion, RgbImage Frame)> Frames(SourceEncoding source, IAudioFeatureSource audio, MotionOptions motionOptions,
        MotionControls controls, CancellationToken cancellationToken = default) =>
        Motion(source, audio, motionOptions, controls, cancellationToken).Select(motion => (motion, Render(source, motion.Driving.Keypoints)));

    /// <summary>Every frame's motion without rendering (motion export): sampled, smoothed and composed, lazily.</summary>
    public IEnumerable<FrameMotion> Motion(SourceEncoding source, IAudioFeatureSource audio, MotionOptions motionOptions,
        MotionControls controls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var sampler = new MotionSampler(models.Denoiser, new DdimScheduler());
        var generated = new MotionGenerator(sampler, MotionNormalization.Release).Generate(audio, source.Info, motionOptions,
            cancellationToken: cancellationToken);
        var composer = new MotionComposer(source.Info, controls);
        return MotionSmoothing.Smooth(generated).Select((frame, index) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new FrameMotion(index, frame, composer.Compose(frame));
        });
    }

    /// <summary>warp_decode + parse_output for one set of driving keypoints: the 8-bit RGB frame.</summary>
    public RgbImage Render(SourceEncoding source, ImplicitKeypoints drivingKeypoints) =>
        Render(models.Warping, models.Decoder, source.FeatureVolume, source.Keypoints, drivingKeypoints);

    /// <summary>One frame from a feature volume f_s and the source and driving keypoints .</summary>
    internal static RgbImage Render(WarpingNetwork warping, SpadeDecoder decoder, Tensor featureVolume, ImplicitKeypoints sourceKeypoints,
        ImplicitKeypoints drivingKeypoints)
    {
        using var warped = warping.Forward(featureVolume, sourceKeypoints, drivingKeypoints);
        using var decoded = decoder.Forward(warped.Feature);
        return ParseOutput.ToImage(decoded);
    }
}

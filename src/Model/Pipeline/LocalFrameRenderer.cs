using System.Runtime.CompilerServices;
using KDTalker.Model.Media;
using KDTalker.Model.Renderer;

namespace KDTalker.Model.Pipeline;

/// <summary>Renders frame ranges in this process with the networks of one <see cref="TalkerModels"/>.</summary>
public sealed class LocalFrameRenderer(TalkerModels models) : IFrameRenderer
{
    /// <inheritdoc />
    public async IAsyncEnumerable<RgbImage> RenderAsync(RgbImage crop, MotionTrack motion,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(crop);
        ArgumentNullException.ThrowIfNull(motion);
        using var source = await Task.Run(() => SourceEncoding.Encode(models, crop), cancellationToken).ConfigureAwait(false);
        var generator = new FrameGenerator(models);
        for (int frame = motion.Start; frame < motion.End; frame++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int index = frame;
            yield return await Task.Run(() => generator.Render(source, new ImplicitKeypoints(motion.Keypoints(index))),
                cancellationToken).ConfigureAwait(false);
        }
    }
}

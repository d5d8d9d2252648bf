using KDTalker.Model.Media;

namespace KDTalker.Model.Pipeline;

/// <summary>
/// Renders the frames of a video from its precomputed motion (warp_decode + parse_output, PIPELINE.md §13): in
/// this process (<see cref="LocalFrameRenderer"/>) or spread over machines (KDTalker.Farm). Every implementation
/// yields the same 512×512 faces, in frame order.
/// </summary>
public interface IFrameRenderer
{
    /// <summary>The faces of every frame of <paramref name="motion"/>, in order, as they are ready.</summary>
    /// <param name="crop">The 256×256 source image the faces are animated from.</param>
    /// <param name="motion">The driving keypoints of the frames to render.</param>
    /// <param name="cancellationToken">Stops rendering.</param>
    IAsyncEnumerable<RgbImage> RenderAsync(RgbImage crop, MotionTrack motion, CancellationToken cancellationToken = default);
}

using System.Runtime.CompilerServices;
using KDTalker.Model.Media;

namespace KDTalker.Model.Pipeline;

/// <summary>
/// Resumable rendering: the frames <paramref name="journal"/> already holds come from it, the rest from
/// <paramref name="renderer"/> (this process or a farm), each journaled as it arrives. Frame i of the motion is the
/// journal's frame i, so a resumed video is the uninterrupted one.
/// </summary>
public sealed class JournaledFrameRenderer(IFrameRenderer renderer, FrameJournal journal) : IFrameRenderer
{
    /// <summary>Frames the last render took from the journal.</summary>
    public int Reused { get; private set; }

    /// <inheritdoc />
    public async IAsyncEnumerable<RgbImage> RenderAsync(RgbImage crop, MotionTrack motion,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(motion);
        Reused = Math.Min(journal.Count, motion.Frames);
        for (int i = 0; i < Reused; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return journal.Read(i);
        }
        if (Reused == motion.Frames)
            yield break;
        await foreach (var face in renderer.RenderAsync(crop, motion.Slice(motion.Start + Reused, motion.End), cancellationToken)
            .WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            journal.Append(face);
            yield return face;
        }
    }
}

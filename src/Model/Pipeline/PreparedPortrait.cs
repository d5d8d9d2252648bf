using KDTalker.Model.Face;
using KDTalker.Model.Media;

namespace KDTalker.Model.Pipeline;

/// <summary>
/// The portrait as the networks take it: the 256×256 face crop (the source image of docs/PIPELINE.md §1–§2), and, when
/// the video should keep the photo's framing, how to paste each rendered face back into the photo.
/// </summary>
public sealed class PreparedPortrait
{
    /// <summary>The side of the network input.</summary>
    public const int Size = 256;

    /// <summary>Wraps a network-ready crop, optionally with its paste-back.</summary>
    public PreparedPortrait(RgbImage crop, PasteBack? pasteBack = null)
    {
        ArgumentNullException.ThrowIfNull(crop);
        if (crop.Width != Size || crop.Height != Size)
            throw new ArgumentException($"The network input must be {Size}×{Size}, got {crop.Width}×{crop.Height}.", nameof(crop));
        Crop = crop;
        PasteBack = pasteBack;
    }

    /// <summary>The 256×256 RGB crop.</summary>
    public RgbImage Crop { get; }

    /// <summary>Composites rendered faces into the photo; null writes the 512×512 faces as they are.</summary>
    public PasteBack? PasteBack { get; }

    /// <summary>The size of the video frames this portrait produces.</summary>
    public (int Width, int Height) FrameSize => PasteBack is null ? (512, 512) : (PasteBack.Width, PasteBack.Height);
}

namespace KDTalker.Model.Pipeline;

/// <summary>How the portrait photo becomes the network input.</summary>
public sealed record PortraitOptions
{
    /// <summary>Which face to animate, counted from the left (0 = leftmost); null picks the largest.</summary>
    public int? FaceIndex { get; init; }

    /// <summary>The image is already a network-ready face crop: resize it to 256×256 instead of detecting a face.</summary>
    public bool NoCrop { get; init; }

    /// <summary>Composite the animated face back into the whole photo (output frames have the photo's framing).</summary>
    public bool PasteBack { get; init; }
}

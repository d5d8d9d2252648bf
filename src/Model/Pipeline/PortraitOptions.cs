namespace KDTalker.Model.Pipeline;

/// <summary>How the portrait photo becomes the network input.</summary>
public sealed record PortraitOptions
{
    /// <summary>The image is already a network-ready face crop: resize it to 256×256 instead of detecting a face.</summary>
    public bool NoCrop { get; init; }

    /// <summary>Composite the animated face back into the whole photo (output frames have the photo's framing).</summary>
    public bool PasteBack { get; init; }
}

using KDTalker.Model.Media;

namespace KDTalker.Model.Pipeline;

/// <summary>The portrait as the networks take it: the 256×256 face crop (the source image of PIPELINE.md §1–§2).</summary>
public sealed class PreparedPortrait(RgbImage crop)
{
    /// <summary>The side of the network input.</summary>
    public const int Size = 256;

    /// <summary>The 256×256 RGB crop.</summary>
    public RgbImage Crop { get; } = crop.Width == Size && crop.Height == Size
        ? crop
        : throw new ArgumentException($"The network input must be {Size}×{Size}, got {crop.Width}×{crop.Height}.", nameof(crop));

    /// <summary>An image already framed for the network (--no-crop): resized to 256×256.</summary>
    public static PreparedPortrait Uncropped(RgbImage image) => new(ImageResize.Resize(image, Size, Size));
}

using KDTalker.Model.Media;

namespace KDTalker.Model.Pipeline;

/// <summary>Photo → network input (PIPELINE.md §1): the 256×256 face crop, or the whole image resized with --no-crop.</summary>
public static class PortraitPreparation
{
    /// <summary>Prepares <paramref name="photo"/>; <paramref name="source"/> names it in errors.</summary>
    public static PreparedPortrait Prepare(RgbImage photo, PortraitOptions options, string source)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(options);
        if (options.NoCrop)
            return PreparedPortrait.Uncropped(photo);
        throw new InvalidDataException($"{source}: automatic face cropping is not in this build yet; pass --no-crop with an image already framed on the face.");
    }
}

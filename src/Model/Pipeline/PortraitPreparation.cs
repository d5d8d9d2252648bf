using KDTalker.Model.Face;
using KDTalker.Model.Media;

namespace KDTalker.Model.Pipeline;

/// <summary>Photo → network input (PIPELINE.md §1): the 256×256 face crop, or the whole image resized with --no-crop.</summary>
public static class PortraitPreparation
{
    /// <summary>
    /// Prepares <paramref name="photo"/>; <paramref name="source"/> names it in errors. With <see cref="PortraitOptions.NoCrop"/>
    /// the whole image is the face (resized to 256×256); otherwise the face's 68 landmarks are needed (see the overload).
    /// </summary>
    public static PreparedPortrait Prepare(RgbImage photo, PortraitOptions options, string source)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.NoCrop)
            throw new InvalidDataException($"{source}: this build cannot find faces in photos yet (the face detector is not part of it); "
                + "pass --no-crop with an image already framed on the face (like samples/assets/portrait.png), or crop with known landmarks.");
        var crop = ImageResize.Resize(photo, PreparedPortrait.Size, PreparedPortrait.Size);
        return new PreparedPortrait(crop, options.PasteBack ? new PasteBack(photo, new FaceRegion(0, 0, photo.Width, photo.Height)) : null);
    }

    /// <summary>Prepares the face whose 68 landmarks (photo pixels, iBUG order) are given: the upstream crop, and paste-back if asked.</summary>
    public static PreparedPortrait Prepare(RgbImage photo, IReadOnlyList<Point2> landmarks, PortraitOptions options)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(options);
        var crop = FaceCrop.FromLandmarks(landmarks, photo.Width, photo.Height);
        return new PreparedPortrait(crop.Extract(photo), options.PasteBack ? new PasteBack(photo, crop.Region) : null);
    }
}

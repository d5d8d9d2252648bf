using KDTalker.Model.Face;
using KDTalker.Model.Media;

namespace KDTalker.Model.Pipeline;

/// <summary>Photo → network input (docs/PIPELINE.md §1): the 256×256 face crop, or the whole image resized with --no-crop.</summary>
public static class PortraitPreparation
{
    /// <summary>The smallest side an image given with <see cref="PortraitOptions.NoCrop"/> may have: below it, stretched to 256×256, there is no
    /// face left.</summary>
    public const int MinNoCropSide = 32;

    /// <summary>
    /// Prepares <paramref name="photo"/>; <paramref name="source"/> names it in errors. With <see cref="PortraitOptions.NoCrop"/>
    /// the whole image is the face (resized to 256×256) and <paramref name="detector"/> may be null; otherwise the
    /// face is found (the largest, or <see cref="PortraitOptions.FaceIndex"/>) and cropped from its 68 landmarks.
    /// </summary>
    /// <exception cref="InvalidDataException">No face was found (the message suggests --no-crop), or a no-crop image is smaller than
    /// <see cref="MinNoCropSide"/>.</exception>
    public static PreparedPortrait Prepare(RgbImage photo, FaceDetector? detector, PortraitOptions options, string source,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(options);
        if (options.NoCrop)
        {
            if (Math.Min(photo.Width, photo.Height) < MinNoCropSide)
                throw new InvalidDataException(
                    $"{source} is {photo.Width}×{photo.Height} pixels: too small for --no-crop, which stretches the image to " +
                    $"{PreparedPortrait.Size}×{PreparedPortrait.Size} as the face (at least {MinNoCropSide} px a side; {PreparedPortrait.Size} or " +
                    "more looks best). Give a larger photo.");
            var resized = ImageResize.Resize(photo, PreparedPortrait.Size, PreparedPortrait.Size);
            return new PreparedPortrait(resized, options.PasteBack ? new PasteBack(photo, new FaceRegion(0, 0, photo.Width, photo.Height)) : null);
        }
        if (detector is null)
            throw new ArgumentNullException(nameof(detector), "Cropping the face needs the face detector (or pass NoCrop for an image already framed " +
                "on the face).");
        var face = FaceFinder.Choose(FaceFinder.Find(detector, photo, cancellationToken), options.FaceIndex, source);
        return Prepare(photo, face.Landmarks, options);
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

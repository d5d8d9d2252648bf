using KDTalker.Model.Media;

namespace KDTalker.Model.Face;

/// <summary>
/// Finds faces robustly, tight portraits included. The detector's score depends strongly on how large the face is
/// relative to its input (a face filling the frame is often missed at face-api's default 416), so: first the input
/// size that suits the image, then the other sizes, then the image on a larger black canvas (the face smaller in
/// it) — stopping at the first attempt that finds a face.
/// </summary>
public static class FaceFinder
{
    private static readonly int[] InputSizes = [416, 320, 608, 224];

    /// <summary>Every face found, left to right (coordinates in <paramref name="photo"/>'s pixels), or none.</summary>
    public static IReadOnlyList<DetectedFace> Find(FaceDetector detector, RgbImage photo, CancellationToken cancellationToken = default)
    {
        foreach (int size in InputSizes)
        {
            var faces = detector.Detect(photo, size, cancellationToken: cancellationToken);
            if (faces.Count > 0)
                return faces;
        }
        // A canvas twice the image's size with the image in the middle: a tight face becomes a quarter of the frame.
        int padX = photo.Width / 2, padY = photo.Height / 2;
        var canvas = new RgbImage(photo.Width + 2 * padX, photo.Height + 2 * padY);
        for (int y = 0; y < photo.Height; y++)
            photo.Row(y).CopyTo(canvas.Row(y + padY).Slice(padX * 3));
        foreach (int size in new[] { 416, 320 })
        {
            var faces = detector.Detect(canvas, size, cancellationToken: cancellationToken);
            if (faces.Count > 0)
                return faces.Select(f => f with
                {
                    Box = f.Box with { Left = f.Box.Left - padX, Top = f.Box.Top - padY },
                    Landmarks = f.Landmarks.Select(p => new Point2(p.X - padX, p.Y - padY)).ToList(),
                }).ToList();
        }
        return [];
    }

    /// <summary>The face to animate: <paramref name="faceIndex"/> counted from the left, or the largest when null.</summary>
    public static DetectedFace Choose(IReadOnlyList<DetectedFace> faces, int? faceIndex, string source)
    {
        if (faces.Count == 0)
            throw new InvalidDataException($"No face found in {source}. If the image is already framed on a face (an avatar, a crop), pass --no-crop.");
        if (faceIndex is { } index)
            return index >= 0 && index < faces.Count
                ? faces[index]
                : throw new ArgumentException($"{source} has {faces.Count} face{(faces.Count == 1 ? "" : "s")} (--face-index 0 to {faces.Count - 1}, " +
                    $"left to right); {index} is not one of them.");
        return faces.MaxBy(f => f.Box.Width * f.Box.Height)!;
    }
}

using KDTalker.Model.Media;

namespace KDTalker.Model.Face;

/// <summary>
/// KDTalker's source crop (docs/PIPELINE.md §1, dataset_process/croper.py) from 68 facial landmarks: the FFHQ-style quad
/// around eyes and mouth, the shrink for very large faces, the crop box with its border and the inner box — with
/// upstream's quirks kept on purpose: the crop is axis-aligned (the quad's rotation is ignored), its bottom is
/// clamped by the image <em>width</em>, and the (generally non-square) region is stretched to 256×256.
/// </summary>
public sealed class FaceCrop
{
    private FaceCrop(int shrink, int resizedWidth, int resizedHeight, int left, int top, int right, int bottom, int photoWidth, int photoHeight)
    {
        Shrink = shrink;
        ResizedWidth = resizedWidth;
        ResizedHeight = resizedHeight;
        (Left, Top, Right, Bottom) = (left, top, right, bottom);
        double sx = (double)photoWidth / resizedWidth, sy = (double)photoHeight / resizedHeight;
        Region = new FaceRegion(left * sx, top * sy, (right - left) * sx, (bottom - top) * sy);
    }

    /// <summary>The integer shrink factor applied to the photo first (1 = none).</summary>
    public int Shrink { get; }

    /// <summary>Size of the (possibly shrunk) photo the box refers to.</summary>
    public int ResizedWidth { get; }

    /// <summary>Size of the (possibly shrunk) photo the box refers to.</summary>
    public int ResizedHeight { get; }

    /// <summary>The crop in the (possibly shrunk) photo, end-exclusive pixel bounds.</summary>
    public int Left { get; }

    /// <summary>Top bound.</summary>
    public int Top { get; }

    /// <summary>Right bound (exclusive).</summary>
    public int Right { get; }

    /// <summary>Bottom bound (exclusive).</summary>
    public int Bottom { get; }

    /// <summary>The same region in the original photo's pixels (for paste-back).</summary>
    public FaceRegion Region { get; }

    /// <summary>Computes the crop of a face from its 68 landmarks (dlib / iBUG order) in a photo of the given size.</summary>
    /// <exception cref="ArgumentException">Not 68 landmarks, or the face region is empty.</exception>
    public static FaceCrop FromLandmarks(IReadOnlyList<Point2> landmarks, int photoWidth, int photoHeight)
    {
        if (landmarks.Count != 68)
            throw new ArgumentException($"The crop needs the 68 facial landmarks, got {landmarks.Count}.", nameof(landmarks));
        var eyeLeft = Mean(landmarks, 36, 42);
        var eyeRight = Mean(landmarks, 42, 48);
        var eyeAverage = (eyeLeft + eyeRight) * 0.5;
        var eyeToEye = eyeRight - eyeLeft;
        var mouthAverage = (landmarks[48] + landmarks[54]) * 0.5;
        var eyeToMouth = mouthAverage - eyeAverage;

        // x = eye_to_eye − rot90(eye_to_mouth), normalised, scaled; y ⟂ x; c a little below the eyes.
        var x = new Point2(eyeToEye.X + eyeToMouth.Y, eyeToEye.Y - eyeToMouth.X);
        x *= Math.Max(2.0 * eyeToEye.Length, 1.8 * eyeToMouth.Length) / x.Length;
        var y = new Point2(-x.Y, x.X);
        var c = eyeAverage + eyeToMouth * 0.1;
        Point2[] quad = [c - x - y, c - x + y, c + x + y, c + x - y];
        double quadSize = 2 * x.Length;

        int shrink = (int)Math.Floor(quadSize / 512 * 0.5), width = photoWidth, height = photoHeight;
        if (shrink > 1)
        {
            width = (int)Math.Round((double)photoWidth / shrink, MidpointRounding.ToEven);
            height = (int)Math.Round((double)photoHeight / shrink, MidpointRounding.ToEven);
            for (int i = 0; i < 4; i++)
                quad[i] *= 1.0 / shrink;
            quadSize /= shrink;
        }
        int border = Math.Max((int)Math.Round(0.1 * quadSize, MidpointRounding.ToEven), 3);
        int cropLeft = Math.Max((int)Math.Floor(quad.Min(p => p.X)) - border, 0);
        int cropTop = Math.Max((int)Math.Floor(quad.Min(p => p.Y)) - border, 0);
        int cropRight = Math.Min((int)Math.Ceiling(quad.Max(p => p.X)) + border, width);
        int cropBottom = Math.Min((int)Math.Ceiling(quad.Max(p => p.Y)) + border, height);
        if (cropRight - cropLeft < width || cropBottom - cropTop < height)
            for (int i = 0; i < 4; i++)
                quad[i] -= new Point2(cropLeft, cropTop);

        // Inner box from the quad's corners (+0.5), truncated; the bottom is clamped by the width, as upstream does.
        var q = quad.Select(p => p + new Point2(0.5, 0.5)).ToArray();
        int innerLeft = (int)Math.Max(Math.Min(q[0].X, q[1].X), 0);
        int innerTop = (int)Math.Max(Math.Min(q[0].Y, q[3].Y), 0);
        int innerRight = (int)Math.Min(Math.Max(q[2].X, q[3].X), width);
        int innerBottom = (int)Math.Min(Math.Max(q[1].Y, q[2].Y), width);

        // numpy slicing of the crop: ends beyond it are clamped.
        int cropWidth = cropRight - cropLeft, cropHeight = cropBottom - cropTop;
        int left = cropLeft + Math.Min(innerLeft, cropWidth), right = cropLeft + Math.Min(innerRight, cropWidth);
        int top = cropTop + Math.Min(innerTop, cropHeight), bottom = cropTop + Math.Min(innerBottom, cropHeight);
        if (right <= left || bottom <= top)
            throw new ArgumentException("The landmarks give an empty face region: the face is outside the photo or degenerate.");
        return new FaceCrop(shrink, width, height, left, top, right, bottom, photoWidth, photoHeight);
    }

    /// <summary>The 256×256 network input: the photo (shrunk if needed), cut to the box, stretched with bilinear resizing.</summary>
    public RgbImage Extract(RgbImage photo, int size = 256)
    {
        var source = Shrink > 1 ? ImageResize.Bilinear(photo, ResizedWidth, ResizedHeight) : photo;
        var cut = new RgbImage(Right - Left, Bottom - Top);
        for (int row = 0; row < cut.Height; row++)
            source.Pixels.AsSpan(((Top + row) * source.Width + Left) * 3, cut.Width * 3).CopyTo(cut.Row(row));
        return ImageResize.Bilinear(cut, size, size);
    }

    private static Point2 Mean(IReadOnlyList<Point2> points, int from, int to)
    {
        var sum = new Point2(0, 0);
        for (int i = from; i < to; i++)
            sum += points[i];
        return sum * (1.0 / (to - from));
    }
}

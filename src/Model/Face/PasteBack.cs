using KDTalker.Model.Media;

namespace KDTalker.Model.Face;

/// <summary>
/// Composites each animated face back into the original photo, so the video keeps the photo's framing: the frame
/// is resized onto the crop's region and blended through a feathered mask (1 inside, a raised-cosine ramp to 0 over
/// the outer <c>feather</c> fraction of the region), which hides the seam. The photo is scaled down first when its
/// longer side exceeds <c>maxSide</c> (a video frame does not need a 24-megapixel canvas). The mask and the scaled
/// photo are computed once; each frame costs one resize and one blend.
/// </summary>
public sealed class PasteBack
{
    private readonly RgbImage _background;
    private readonly int _left, _top, _width, _height;
    private readonly float[] _mask;

    /// <summary>Prepares compositing into <paramref name="photo"/> at <paramref name="region"/> (photo pixels).</summary>
    public PasteBack(RgbImage photo, FaceRegion region, int maxSide = 1920, double feather = 0.12)
    {
        ArgumentNullException.ThrowIfNull(photo);
        double scale = Math.Min(1.0, (double)maxSide / Math.Max(photo.Width, photo.Height));
        _background = scale < 1 ? ImageResize.Resize(photo, Math.Max(1, (int)Math.Round(photo.Width * scale)),
            Math.Max(1, (int)Math.Round(photo.Height * scale))) : photo;
        double sx = (double)_background.Width / photo.Width, sy = (double)_background.Height / photo.Height;
        _left = (int)Math.Round(region.Left * sx);
        _top = (int)Math.Round(region.Top * sy);
        _width = Math.Max(1, Math.Min(_background.Width - _left, (int)Math.Round(region.Width * sx)));
        _height = Math.Max(1, Math.Min(_background.Height - _top, (int)Math.Round(region.Height * sy)));
        if (_left < 0 || _top < 0 || _left >= _background.Width || _top >= _background.Height)
            throw new ArgumentException($"The face region {region} is outside the {photo.Width}×{photo.Height} photo.", nameof(region));
        _mask = Mask(_width, _height, feather);
    }

    /// <summary>Output frame width.</summary>
    public int Width => _background.Width;

    /// <summary>Output frame height.</summary>
    public int Height => _background.Height;

    /// <summary>The photo with <paramref name="face"/> (the rendered crop, any size) blended into the face region.</summary>
    public RgbImage Composite(RgbImage face)
    {
        var resized = ImageResize.Resize(face, _width, _height);
        var result = new RgbImage(_background.Width, _background.Height, (byte[])_background.Pixels.Clone());
        for (int y = 0; y < _height; y++)
        {
            var target = result.Row(_top + y).Slice(_left * 3, _width * 3);
            var source = resized.Row(y);
            for (int x = 0; x < _width; x++)
            {
                float alpha = _mask[y * _width + x];
                if (alpha <= 0)
                    continue;
                for (int c = 0; c < 3; c++)
                    target[3 * x + c] = (byte)Math.Round(target[3 * x + c] + alpha * (source[3 * x + c] - target[3 * x + c]));
            }
        }
        return result;
    }

    // Separable raised-cosine edges: weight(d) = ½ − ½·cos(π·d/ramp) within ramp pixels of a side.
    private static float[] Mask(int width, int height, double feather)
    {
        double Ramp(int position, int size)
        {
            double ramp = Math.Max(1, feather * Math.Min(width, height));
            double distance = Math.Min(position + 0.5, size - position - 0.5);
            return distance >= ramp ? 1 : 0.5 - 0.5 * Math.Cos(Math.PI * distance / ramp);
        }
        var mask = new float[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                mask[y * width + x] = (float)(Ramp(x, width) * Ramp(y, height));
        return mask;
    }
}

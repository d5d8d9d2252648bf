namespace KDTalker.Model.Media;

/// <summary>
/// Resizing as OpenCV does it: bilinear with half-pixel centres (cv2.INTER_LINEAR) when enlarging, and pixel-area
/// averaging (cv2.INTER_AREA) when shrinking, which does not alias.
/// </summary>
public static class ImageResize
{
    /// <summary>A resized copy of <paramref name="image"/>.</summary>
    public static RgbImage Resize(RgbImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (width == image.Width && height == image.Height)
            return new RgbImage(width, height, (byte[])image.Pixels.Clone());
        return width <= image.Width && height <= image.Height ? Area(image, width, height) : Bilinear(image, width, height);
    }

    /// <summary>OpenCV INTER_LINEAR: bilinear with half-pixel centres, edge pixels replicated, in either direction.</summary>
    public static RgbImage Bilinear(RgbImage image, int width, int height)
    {
        var result = new RgbImage(width, height);
        double scaleX = (double)image.Width / width, scaleY = (double)image.Height / height;
        for (int y = 0; y < height; y++)
        {
            double sy = Math.Clamp((y + 0.5) * scaleY - 0.5, 0, image.Height - 1);
            int y0 = (int)sy, y1 = Math.Min(y0 + 1, image.Height - 1);
            double fy = sy - y0;
            for (int x = 0; x < width; x++)
            {
                double sx = Math.Clamp((x + 0.5) * scaleX - 0.5, 0, image.Width - 1);
                int x0 = (int)sx, x1 = Math.Min(x0 + 1, image.Width - 1);
                double fx = sx - x0;
                for (int c = 0; c < 3; c++)
                {
                    double top = image.Pixels[(y0 * image.Width + x0) * 3 + c] * (1 - fx) + image.Pixels[(y0 * image.Width + x1) * 3 + c] * fx;
                    double bottom = image.Pixels[(y1 * image.Width + x0) * 3 + c] * (1 - fx) + image.Pixels[(y1 * image.Width + x1) * 3 + c] * fx;
                    result.Pixels[(y * width + x) * 3 + c] = (byte)Math.Round(top * (1 - fy) + bottom * fy);
                }
            }
        }
        return result;
    }

    // Each output pixel averages the source area it covers, with fractional weights at its edges.
    private static RgbImage Area(RgbImage image, int width, int height)
    {
        var result = new RgbImage(width, height);
        double scaleX = (double)image.Width / width, scaleY = (double)image.Height / height;
        Span<double> sum = stackalloc double[3];
        for (int y = 0; y < height; y++)
        {
            double top = y * scaleY, bottom = top + scaleY;
            for (int x = 0; x < width; x++)
            {
                double left = x * scaleX, right = left + scaleX;
                sum.Clear();
                for (int sy = (int)top; sy < Math.Min(image.Height, (int)Math.Ceiling(bottom)); sy++)
                {
                    double wy = Math.Min(bottom, sy + 1) - Math.Max(top, sy);
                    for (int sx = (int)left; sx < Math.Min(image.Width, (int)Math.Ceiling(right)); sx++)
                    {
                        double w = wy * (Math.Min(right, sx + 1) - Math.Max(left, sx));
                        int i = (sy * image.Width + sx) * 3;
                        sum[0] += w * image.Pixels[i];
                        sum[1] += w * image.Pixels[i + 1];
                        sum[2] += w * image.Pixels[i + 2];
                    }
                }
                double area = scaleX * scaleY;
                for (int c = 0; c < 3; c++)
                    result.Pixels[(y * width + x) * 3 + c] = (byte)Math.Clamp(Math.Round(sum[c] / area), 0, 255);
            }
        }
        return result;
    }
}

using KDTalker.Model.Media;
using KDTalker.Tensors;

namespace KDTalker.Model.Face;

/// <summary>
/// face-api's input preparation in tfjs's CPU arithmetic (JavaScript doubles stored to float32): a region of the
/// image zero-padded to a square, tf.image.resizeBilinear(alignCorners = false, halfPixelCenters = false), then
/// (x − mean RGB) / 255, as a (1, 3, size, size) tensor.
/// </summary>
internal static class TfImage
{
    /// <summary>
    /// The square of side <paramref name="side"/> whose pixel (x, y) is image pixel (left + x − padLeft, top + y − padTop)
    /// inside [left, left + width) × [top, top + height), else 0; resized to <paramref name="size"/> and normalised.
    /// </summary>
    public static Tensor Prepare(RgbImage image, int left, int top, int width, int height, int padLeft, int padTop, int side, int size,
        ReadOnlySpan<float> meanRgb, IBackend backend)
    {
        float Pixel(int channel, int y, int x)
        {
            int sx = x - padLeft, sy = y - padTop;
            return (uint)sx < (uint)width && (uint)sy < (uint)height ? image.Pixels[((top + sy) * image.Width + left + sx) * 3 + channel] : 0f;
        }
        var values = new float[3 * size * size];
        double ratio = (double)side / size;
        for (int r = 0; r < size; r++)
        {
            double sourceRow = ratio * r;
            int rowFloor = (int)Math.Floor(sourceRow), rowCeil = Math.Min(side - 1, (int)Math.Ceiling(sourceRow));
            double rowFraction = sourceRow - rowFloor;
            for (int c = 0; c < size; c++)
            {
                double sourceColumn = ratio * c;
                int columnFloor = (int)Math.Floor(sourceColumn), columnCeil = Math.Min(side - 1, (int)Math.Ceiling(sourceColumn));
                double columnFraction = sourceColumn - columnFloor;
                for (int channel = 0; channel < 3; channel++)
                {
                    double topLeft = Pixel(channel, rowFloor, columnFloor), topRight = Pixel(channel, rowFloor, columnCeil);
                    double bottomLeft = Pixel(channel, rowCeil, columnFloor), bottomRight = Pixel(channel, rowCeil, columnCeil);
                    double upper = topLeft + (topRight - topLeft) * columnFraction;
                    double lower = bottomLeft + (bottomRight - bottomLeft) * columnFraction;
                    float resized = side == size ? Pixel(channel, r, c) : (float)(upper + (lower - upper) * rowFraction);
                    float centred = (float)(resized - (double)meanRgb[channel]);
                    values[(channel * size + r) * size + c] = (float)(centred / 255.0);
                }
            }
        }
        return Ops.FromSpan(backend, values, 1, 3, size, size);
    }
}

namespace KDTalker.Model.Media;

/// <summary>Minimal drawing on an <see cref="RgbImage"/>: filled rectangles, thick lines, 5×7 bitmap text.</summary>
public sealed class Canvas(RgbImage image)
{
    /// <summary>The image drawn on.</summary>
    public RgbImage Image => image;

    /// <summary>Sets one pixel (ignored outside the image).</summary>
    public void Pixel(int x, int y, (byte R, byte G, byte B) color)
    {
        if ((uint)x >= (uint)image.Width || (uint)y >= (uint)image.Height)
            return;
        int i = (y * image.Width + x) * 3;
        image.Pixels[i] = color.R;
        image.Pixels[i + 1] = color.G;
        image.Pixels[i + 2] = color.B;
    }

    /// <summary>Fills [x, x + width) × [y, y + height).</summary>
    public void Fill(int x, int y, int width, int height, (byte, byte, byte) color)
    {
        for (int row = y; row < y + height; row++)
            for (int column = x; column < x + width; column++)
                Pixel(column, row, color);
    }

    /// <summary>A line <paramref name="thickness"/> pixels wide (Bresenham, square pen).</summary>
    public void Line(double x0, double y0, double x1, double y1, (byte, byte, byte) color, int thickness = 1)
    {
        int ax = (int)Math.Round(x0), ay = (int)Math.Round(y0), bx = (int)Math.Round(x1), by = (int)Math.Round(y1);
        int dx = Math.Abs(bx - ax), dy = -Math.Abs(by - ay), sx = ax < bx ? 1 : -1, sy = ay < by ? 1 : -1, error = dx + dy;
        int half = thickness / 2;
        while (true)
        {
            Fill(ax - half, ay - half, thickness, thickness, color);
            if (ax == bx && ay == by)
                return;
            int doubled = 2 * error;
            if (doubled >= dy) { error += dy; ax += sx; }
            if (doubled <= dx) { error += dx; ay += sy; }
        }
    }

    /// <summary>Text in a 5×7 pixel font scaled by <paramref name="scale"/>; unknown characters are blank.</summary>
    public void Text(int x, int y, string text, (byte, byte, byte) color, int scale = 2)
    {
        foreach (char c in text)
        {
            if (BitmapFont.Glyph(c) is { } rows)
                for (int row = 0; row < rows.Length; row++)
                    for (int column = 0; column < 5; column++)
                        if (rows[row][column] == '#')
                            Fill(x + column * scale, y + row * scale, scale, scale, color);
            x += 6 * scale;
        }
    }

    /// <summary>Width in pixels of <paramref name="text"/> drawn at <paramref name="scale"/>.</summary>
    public static int TextWidth(string text, int scale = 2) => text.Length * 6 * scale;
}

using KDTalker.Model.Media;
using StbImageWriteSharp;
using Xunit;

namespace KDTalker.Tests.Face;

/// <summary>EXIF orientation: a JPEG stored sideways with tag 0x0112 = 6 (or 8, 3) loads upright.</summary>
public sealed class ExifOrientationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kdtalker-exif-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(1, false)]
    [InlineData(6, true)]   // rotate 90° clockwise to display
    [InlineData(8, true)]   // rotate 90° counter-clockwise
    [InlineData(3, false)]  // rotate 180°
    public void The_stored_quadrants_land_where_the_orientation_says(int orientation, bool swapsSides)
    {
        // Stored 64×32: left half red, right half blue, a green bar along the stored top (quadrant colours survive JPEG).
        var stored = new RgbImage(64, 32);
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 64; x++)
            {
                int i = (y * 64 + x) * 3;
                stored.Pixels[i] = (byte)(x < 32 ? 230 : 10);
                stored.Pixels[i + 1] = (byte)(y < 8 ? 230 : 10);
                stored.Pixels[i + 2] = (byte)(x < 32 ? 10 : 230);
            }
        string path = Path.Combine(_directory, $"o{orientation}.jpg");
        File.WriteAllBytes(path, WithOrientation(Jpeg(stored), orientation));

        var upright = ImageFile.Load(path);
        Assert.Equal(swapsSides ? (32, 64) : (64, 32), (upright.Width, upright.Height));
        // Where the stored top-left corner (red + green bar) ends up.
        var (x0, y0) = (orientation, upright.Width, upright.Height) switch
        {
            (6, var w, _) => (w - 1, 0),   // stored top-left → displayed top-right
            (8, _, var h) => (0, h - 1),   // → bottom-left
            (3, var w, var h) => (w - 1, h - 1),
            _ => (0, 0),
        };
        int at = (y0 * upright.Width + x0) * 3;
        Assert.True(upright.Pixels[at] > 150 && upright.Pixels[at + 1] > 150 && upright.Pixels[at + 2] < 100, $"orientation {orientation}: corner colour {upright.Pixels[at]},{upright.Pixels[at + 1]},{upright.Pixels[at + 2]}");
    }

    private static byte[] Jpeg(RgbImage image)
    {
        using var stream = new MemoryStream();
        new ImageWriter().WriteJpg(image.Pixels, image.Width, image.Height, ColorComponents.RedGreenBlue, stream, 95);
        return stream.ToArray();
    }

    // SOI, then an APP1 "Exif" segment holding a big-endian TIFF header with one IFD entry (0x0112, SHORT, 1, value).
    private static byte[] WithOrientation(byte[] jpeg, int orientation)
    {
        byte[] tiff = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0, 0, 0, 0, 0];
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        int length = payload.Length + 2;
        byte[] segment = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload];
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }
}

using System.Buffers.Binary;

namespace KDTalker.Model.Media;

/// <summary>
/// The EXIF orientation of a JPEG (tag 0x0112 in IFD0 of the APP1 "Exif" segment) and the transform that shows the
/// stored pixels upright: 1 as stored, 2 mirrored, 3 rotated 180°, 4 flipped, 5 transposed, 6 rotated 90° clockwise,
/// 7 transversed, 8 rotated 90° counter-clockwise. Phones write 6 for portraits held upright.
/// </summary>
public static class ExifOrientation
{
    /// <summary>The orientation (1–8) declared in <paramref name="file"/>, or 1 when there is none or it is unreadable.</summary>
    public static int Read(ReadOnlySpan<byte> file)
    {
        if (file.Length < 4 || file[0] != 0xFF || file[1] != 0xD8)
            return 1;
        int at = 2;
        while (at + 4 <= file.Length && file[at] == 0xFF)
        {
            byte marker = file[at + 1];
            int length = BinaryPrimitives.ReadUInt16BigEndian(file[(at + 2)..]);
            if (marker is 0xDA or 0xD9 || length < 2 || at + 2 + length > file.Length)
                return 1;
            var segment = file.Slice(at + 4, length - 2);
            if (marker == 0xE1 && segment.Length > 14 && segment[..6].SequenceEqual("Exif\0\0"u8))
                return FromTiff(segment[6..]);
            at += 2 + length;
        }
        return 1;
    }

    /// <summary>The upright image for <paramref name="orientation"/> (a copy; 1 returns the image itself).</summary>
    public static RgbImage Apply(RgbImage image, int orientation)
    {
        if (orientation is < 2 or > 8)
            return image;
        int w = image.Width, h = image.Height;
        bool swap = orientation >= 5;
        var result = new RgbImage(swap ? h : w, swap ? w : h);
        for (int y = 0; y < result.Height; y++)
            for (int x = 0; x < result.Width; x++)
            {
                var (sx, sy) = orientation switch
                {
                    2 => (w - 1 - x, y),
                    3 => (w - 1 - x, h - 1 - y),
                    4 => (x, h - 1 - y),
                    5 => (y, x),
                    6 => (y, h - 1 - x),
                    7 => (w - 1 - y, h - 1 - x),
                    _ => (w - 1 - y, x),
                };
                image.Pixels.AsSpan((sy * w + sx) * 3, 3).CopyTo(result.Pixels.AsSpan((y * result.Width + x) * 3, 3));
            }
        return result;
    }

    private static int FromTiff(ReadOnlySpan<byte> tiff)
    {
        bool little = tiff[0] == 'I' && tiff[1] == 'I';
        if (!little && !(tiff[0] == 'M' && tiff[1] == 'M'))
            return 1;
        uint ifd = U32(tiff, 4, little);
        if (ifd + 2 > tiff.Length)
            return 1;
        int entries = U16(tiff, (int)ifd, little);
        for (int i = 0; i < entries; i++)
        {
            int entry = (int)ifd + 2 + 12 * i;
            if (entry + 12 > tiff.Length)
                return 1;
            if (U16(tiff, entry, little) == 0x0112)
            {
                int value = U16(tiff, entry + 8, little);
                return value is >= 1 and <= 8 ? value : 1;
            }
        }
        return 1;
    }

    private static ushort U16(ReadOnlySpan<byte> data, int offset, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]) : BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);

    private static uint U32(ReadOnlySpan<byte> data, int offset, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]) : BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);
}

using KDTalker.Model.Media.Jpeg;
using StbImageSharp;

namespace KDTalker.Model.Media;

/// <summary>
/// Reads photos (JPEG, PNG, BMP, GIF, TGA, PSD, HDR) into <see cref="RgbImage"/>, upright (a JPEG's EXIF orientation
/// is applied), with clear errors for anything else. JPEGs go through our own <see cref="JpegDecoder"/> (the variants it
/// does not cover, such as arithmetic-coded or CMYK files, through StbImageSharp); other formats through StbImageSharp.
/// </summary>
public static class ImageFile
{
    /// <summary>Decodes the image file at <paramref name="path"/> as 8-bit RGB (alpha is dropped).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an image this engine can decode.</exception>
    public static RgbImage Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Image file not found: {path}", path);
        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    /// <summary>Decodes an image from <paramref name="stream"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">The stream is not an image this engine can decode.</exception>
    public static RgbImage Load(Stream stream, string source)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        byte[] bytes = buffer.ToArray();
        var orientation = ExifOrientation.Read(bytes);
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xD8)
        {
            RgbImage? jpeg;
            try
            {
                jpeg = JpegDecoder.Decode(bytes);
            }
            catch (InvalidDataException error)
            {
                throw new InvalidDataException($"{source} is not a readable JPEG: {error.Message}", error);
            }
            if (jpeg is not null)
                return ExifOrientation.Apply(jpeg, orientation);
        }
        ImageResult result;
        try
        {
            result = ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlue);
        }
        catch (Exception error) when (error is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NotSupportedException)
        {
            throw new InvalidDataException($"{source} is not an image this engine can read (JPEG, PNG, BMP, GIF, TGA, PSD or HDR): {error.Message}", error);
        }
        if (result is null || result.Width <= 0 || result.Height <= 0 || result.Data is null)
            throw new InvalidDataException($"{source} could not be decoded as an image.");
        return ExifOrientation.Apply(new RgbImage(result.Width, result.Height, result.Data), orientation);
    }
}

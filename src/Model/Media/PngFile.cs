using StbImageWriteSharp;

namespace KDTalker.Model.Media;

/// <summary>Writes an <see cref="RgbImage"/> as PNG, through a temporary file renamed when complete.</summary>
public static class PngFile
{
    /// <summary>Encodes <paramref name="image"/> to <paramref name="path"/>.</summary>
    public static void Write(RgbImage image, string path)
    {
        StaleTemporaries.CleanBeside(path);
        string temporary = Path.GetFullPath(path) + StaleTemporaries.PartialSuffix;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                new ImageWriter().WritePng(image.Pixels, image.Width, image.Height, ColorComponents.RedGreenBlue, stream);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}

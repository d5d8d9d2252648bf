namespace KDTalker.Model.Media;

/// <summary>An 8-bit RGB image, interleaved, row-major, no row padding: pixel (x, y) channel c is at (y·W + x)·3 + c.</summary>
public sealed class RgbImage
{
    /// <summary>Creates a black image.</summary>
    public RgbImage(int width, int height)
        : this(width, height, new byte[checked(RequirePositive(width, nameof(width)) * RequirePositive(height, nameof(height)) * 3)])
    {
    }

    /// <summary>Wraps existing interleaved RGB bytes (not copied).</summary>
    public RgbImage(int width, int height, byte[] pixels)
    {
        RequirePositive(width, nameof(width));
        RequirePositive(height, nameof(height));
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != (long)width * height * 3)
            throw new ArgumentException($"An RGB image of {width}x{height} needs {(long)width * height * 3} bytes, got {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The interleaved RGB bytes, Width·Height·3 of them.</summary>
    public byte[] Pixels { get; }

    /// <summary>The bytes of row <paramref name="y"/>.</summary>
    public Span<byte> Row(int y) => Pixels.AsSpan(y * Width * 3, Width * 3);

    private static int RequirePositive(int value, string name) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "Image dimensions must be positive.");
}

using KDTalker.Model.Media;
using KDTalker.Tensors;

namespace KDTalker.Model.Renderer;

/// <summary>
/// parse_output: (1, 3, H, W) in [0, 1] → H×W×3 RGB bytes: clip to [0, 1], ×255, clip, truncate (astype(uint8)
/// does not round).
/// </summary>
public static class ParseOutput
{
    /// <summary>Converts a decoder output to an 8-bit RGB image.</summary>
    public static RgbImage ToImage(Tensor image)
    {
        if (image.Rank != 4 || image.Shape[0] != 1 || image.Shape[1] != 3)
            throw new ArgumentException($"Expected an image (1, 3, H, W), got {image}.");
        int height = image.Shape[2], width = image.Shape[3], plane = height * width;
        var values = image.ToArray();
        var result = new RgbImage(width, height);
        var pixels = result.Pixels;
        for (int c = 0; c < 3; c++)
            for (int p = 0; p < plane; p++)
            {
                float v = Math.Clamp(values[c * plane + p], 0f, 1f) * 255f;
                pixels[p * 3 + c] = (byte)Math.Clamp(v, 0f, 255f);
            }
        return result;
    }
}

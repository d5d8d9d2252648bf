using KDTalker.Tensors;

namespace KDTalker.Model.Renderer;

/// <summary>
/// make_coordinate_grid: (D, H, W, 3) holding (x, y, z) = 2·i/(n − 1) − 1 along (W, H, D), computed in float32
/// as upstream. It is sampled with align_corners=False, so it is not an exact identity resample.
/// </summary>
internal static class MotionGrid
{
    public static Tensor Identity(IBackend backend, int depth, int height, int width)
    {
        var values = new float[depth * height * width * 3];
        int i = 0;
        for (int d = 0; d < depth; d++)
            for (int h = 0; h < height; h++)
                for (int w = 0; w < width; w++)
                {
                    values[i++] = Coordinate(w, width);
                    values[i++] = Coordinate(h, height);
                    values[i++] = Coordinate(d, depth);
                }
        return Ops.FromSpan(backend, values, depth, height, width, 3);
    }

    private static float Coordinate(int index, int size) => 2f * ((float)index / (size - 1)) - 1f;
}

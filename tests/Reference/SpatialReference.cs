using KDTalker.Tests.Support;

namespace KDTalker.Tests.Reference;

/// <summary>Float64 pooling, upsampling, pixel shuffle and grid sampling on (N, C, [D,] H, W).</summary>
public static class SpatialReference
{
    public static RefTensor AvgPool(RefTensor x, int[] kernel)
    {
        var outShape = x.Shape.Select((s, i) => i < 2 ? s : s / kernel[i - 2]).ToArray();
        var result = new RefTensor(outShape);
        int window = kernel.Aggregate(1, (a, b) => a * b);
        for (int i = 0; i < result.Length; i++)
        {
            var index = result.Unravel(i);
            double sum = 0;
            for (int w = 0; w < window; w++)
            {
                var source = (int[])index.Clone();
                for (int axis = kernel.Length - 1, rest = w; axis >= 0; axis--)
                {
                    source[axis + 2] = index[axis + 2] * kernel[axis] + rest % kernel[axis];
                    rest /= kernel[axis];
                }
                sum += x[source];
            }
            result.Data[i] = sum / window;
        }
        return result;
    }

    /// <summary>PyTorch legacy nearest: src = floor(dst · in/out), the ratio taken in float32.</summary>
    public static RefTensor UpsampleNearest(RefTensor x, int[] size)
    {
        var result = new RefTensor([x.Shape[0], x.Shape[1], .. size]);
        for (int i = 0; i < result.Length; i++)
        {
            var index = result.Unravel(i);
            var source = (int[])index.Clone();
            for (int axis = 2; axis < x.Rank; axis++)
            {
                float scale = (float)x.Shape[axis] / size[axis - 2];
                source[axis] = Math.Min((int)Math.Floor(index[axis] * scale), x.Shape[axis] - 1);
            }
            result.Data[i] = x[source];
        }
        return result;
    }

    public static RefTensor PixelShuffle(RefTensor x, int r)
    {
        int n = x.Shape[0], c = x.Shape[1] / (r * r), h = x.Shape[2], w = x.Shape[3];
        var result = new RefTensor([n, c, h * r, w * r]);
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int y = 0; y < h * r; y++)
                    for (int xx = 0; xx < w * r; xx++)
                        result[b, ch, y, xx] = x[b, ch * r * r + (y % r) * r + xx % r, y / r, xx / r];
        return result;
    }

    /// <summary>grid_sample(align_corners=False, zeros): a sum over the 2^k corners of the unnormalised point.</summary>
    public static RefTensor GridSample(RefTensor x, RefTensor grid)
    {
        int spatial = x.Rank - 2;
        var outSize = grid.Shape[1..^1];
        var result = new RefTensor([x.Shape[0], x.Shape[1], .. outSize]);
        for (int i = 0; i < result.Length; i++)
        {
            var index = result.Unravel(i);
            var point = new double[spatial];
            for (int k = 0; k < spatial; k++)
            {
                // grid holds (x, y[, z]) for axes (W, H[, D]): component k indexes tensor axis rank−1−k.
                double g = grid[[index[0], .. index[2..], k]];
                int size = x.Shape[x.Rank - 1 - k];
                point[k] = ((g + 1) * size - 1) / 2;
            }
            double sum = 0;
            for (int corner = 0; corner < 1 << spatial; corner++)
            {
                var source = new int[x.Rank];
                source[0] = index[0];
                source[1] = index[1];
                double weight = 1;
                bool inside = true;
                for (int k = 0; k < spatial; k++)
                {
                    int low = (int)Math.Floor(point[k]), at = low + ((corner >> k) & 1);
                    double frac = point[k] - low;
                    weight *= ((corner >> k) & 1) == 1 ? frac : 1 - frac;
                    int axis = x.Rank - 1 - k;
                    inside &= at >= 0 && at < x.Shape[axis];
                    source[axis] = at;
                }
                if (inside)
                    sum += weight * x[source];
            }
            result.Data[i] = sum;
        }
        return result;
    }
}

namespace KDTalker.Tensors;

public static partial class Ops
{
    /// <summary>AvgPool2d(k): non-overlapping k×k means of (N, C, H, W).</summary>
    public static Tensor AvgPool2d(Tensor x, int kernel)
    {
        RequireRank(x, 4, "AvgPool2d", "(N, C, H, W)");
        return AvgPool(x, [kernel, kernel]);
    }

    /// <summary>AvgPool3d((kD, kH, kW)) with stride = kernel: non-overlapping means of (N, C, D, H, W).</summary>
    public static Tensor AvgPool3d(Tensor x, int kernelD, int kernelH, int kernelW)
    {
        RequireRank(x, 5, "AvgPool3d", "(N, C, D, H, W)");
        return AvgPool(x, [kernelD, kernelH, kernelW]);
    }

    private static Tensor AvgPool(Tensor x, int[] kernel)
    {
        for (int i = 0; i < kernel.Length; i++)
            if (kernel[i] < 1 || x.Shape[2 + i] < kernel[i])
                throw new ArgumentException($"AvgPool kernel {ShapeMath.Format(kernel)} does not fit {x}.");
        using var input = x.Contiguous();
        return x.Backend.AvgPool(input, kernel);
    }

    /// <summary>
    /// F.interpolate(mode='nearest') to an explicit spatial size (2 or 3 trailing axes), with PyTorch's
    /// legacy source index floor(dst·in/out).
    /// </summary>
    public static Tensor UpsampleNearest(Tensor x, params int[] outputSize)
    {
        if (x.Rank != outputSize.Length + 2 || outputSize.Length is not (2 or 3))
            throw new ArgumentException($"UpsampleNearest to {ShapeMath.Format(outputSize)} needs a (N, C, [D,] H, W) input, got {x}.");
        foreach (int size in outputSize)
            if (size < 1)
                throw new ArgumentException($"UpsampleNearest: output size {ShapeMath.Format(outputSize)} is invalid.");
        using var input = x.Contiguous();
        return x.Backend.UpsampleNearest(input, outputSize);
    }

    /// <summary>
    /// F.grid_sample(x, grid, align_corners=False), bilinear/trilinear with zero padding:
    /// x (N, C, H, W) with grid (N, H', W', 2), or x (N, C, D, H, W) with grid (N, D', H', W', 3).
    /// </summary>
    public static Tensor GridSample(Tensor x, Tensor grid)
    {
        SameBackend(x, grid, "The grid");
        int spatial = x.Rank - 2;
        if (spatial is not (2 or 3) || grid.Rank != x.Rank || grid.Shape[^1] != spatial || grid.Shape[0] != x.Shape[0])
            throw new ArgumentException($"GridSample expects x (N, C, [D,] H, W) and grid (N, [D',] H', W', {Math.Max(spatial, 2)}); got {x} and {grid}.");
        using var input = x.Contiguous();
        using var coordinates = grid.Contiguous();
        return x.Backend.GridSample(input, coordinates);
    }
}

using ILGPU;
using ILGPU.Algorithms;

namespace KDTalker.Kernels.Gpu.Kernels;

/// <summary>
/// F.grid_sample, align_corners=False, zero padding: bilinear for images (run as D = 1), trilinear for volumes
/// (the warping network's 3-D feature volume). One thread per output position: the corner offsets and weights are
/// computed once, then applied to every channel; corners outside the input contribute nothing.
/// </summary>
internal static class GpuGridSampleKernel
{
    public static void Sample<T, E>(Index1D i, ArrayView<T> x, ArrayView<T> grid, ArrayView<T> y, int channels, Volume input, Volume output, int volumetric)
        where T : unmanaged where E : struct, IElement<T>
    {
        var e = default(E);
        int positions = output.Count, n = i / positions, p = i % positions, components = volumetric != 0 ? 3 : 2;
        int at = (n * positions + p) * components;
        float ix = ((e.Load(grid[at]) + 1) * input.W - 1) / 2, iy = ((e.Load(grid[at + 1]) + 1) * input.H - 1) / 2;
        float iz = volumetric != 0 ? ((e.Load(grid[at + 2]) + 1) * input.D - 1) / 2 : 0f;
        int x0 = (int)XMath.Floor(ix), y0 = (int)XMath.Floor(iy), z0 = (int)XMath.Floor(iz);
        float fx = ix - x0, fy = iy - y0, fz = iz - z0;
        int o000 = Offset(input, x0, y0, z0), o001 = Offset(input, x0 + 1, y0, z0), o010 = Offset(input, x0, y0 + 1, z0),
            o011 = Offset(input, x0 + 1, y0 + 1, z0);
        int o100 = Offset(input, x0, y0, z0 + 1), o101 = Offset(input, x0 + 1, y0, z0 + 1), o110 = Offset(input, x0, y0 + 1, z0 + 1),
            o111 = Offset(input, x0 + 1, y0 + 1, z0 + 1);
        float w000 = (1 - fx) * (1 - fy) * (1 - fz), w001 = fx * (1 - fy) * (1 - fz), w010 = (1 - fx) * fy * (1 - fz), w011 = fx * fy * (1 - fz);
        float w100 = (1 - fx) * (1 - fy) * fz, w101 = fx * (1 - fy) * fz, w110 = (1 - fx) * fy * fz, w111 = fx * fy * fz;
        int count = input.Count;
        for (int c = 0; c < channels; c++)
        {
            int plane = (n * channels + c) * count;
            y[(n * channels + c) * positions + p] = e.Store(
                Corner<T, E>(x, plane, o000, w000) + Corner<T, E>(x, plane, o001, w001) +
                Corner<T, E>(x, plane, o010, w010) + Corner<T, E>(x, plane, o011, w011) +
                Corner<T, E>(x, plane, o100, w100) + Corner<T, E>(x, plane, o101, w101) +
                Corner<T, E>(x, plane, o110, w110) + Corner<T, E>(x, plane, o111, w111));
        }
    }

    /// <summary>The offset of voxel (cx, cy, cz) in a plane, or −1 outside.</summary>
    private static int Offset(Volume v, int cx, int cy, int cz) =>
        (uint)cx < (uint)v.W && (uint)cy < (uint)v.H && (uint)cz < (uint)v.D ? (cz * v.H + cy) * v.W + cx : -1;

    private static float Corner<T, E>(ArrayView<T> x, int plane, int offset, float weight)
        where T : unmanaged where E : struct, IElement<T> =>
        offset < 0 ? 0f : weight * default(E).Load(x[plane + offset]);
}

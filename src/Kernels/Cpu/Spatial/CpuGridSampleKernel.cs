using System.Runtime.CompilerServices;

namespace KDTalker.Kernels.Cpu.Spatial;

/// <summary>
/// F.grid_sample with align_corners=False and zero padding, bilinear (2-D) or trilinear (3-D; 2-D is
/// run as D = 1 with z fixed at the single plane). Each normalised coordinate maps to
/// i = ((g + 1)·size − 1)/2; the corner weights and offsets of an output row are computed once, then
/// applied to every channel; corners outside the volume contribute nothing.
/// </summary>
internal static unsafe class CpuGridSampleKernel
{
    public static void Run(CpuBackend backend, float* x, float* grid, float* y, int batch, int channels, int[] input, int[] output, bool volumetric)
    {
        int d = input[0], h = input[1], w = input[2];
        int od = output[0], oh = output[1], ow = output[2];
        int components = volumetric ? 3 : 2;
        long inPlane = (long)d * h * w, outPlane = (long)od * oh * ow;
        backend.For(batch * od * oh, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (task) =>
        {
            int n = task / (od * oh), rowInBatch = task % (od * oh);
            float* coordinates = grid + ((long)n * outPlane + (long)rowInBatch * ow) * components;
            Span<int> offsets = stackalloc int[ow * 8];
            Span<float> weights = stackalloc float[ow * 8];
            for (int q = 0; q < ow; q++)
            {
                float gx = coordinates[q * components], gy = coordinates[q * components + 1];
                float ix = ((gx + 1) * w - 1) / 2, iy = ((gy + 1) * h - 1) / 2;
                float iz = volumetric ? ((coordinates[q * components + 2] + 1) * d - 1) / 2 : 0f;
                int x0 = (int)MathF.Floor(ix), y0 = (int)MathF.Floor(iy), z0 = (int)MathF.Floor(iz);
                float fx = ix - x0, fy = iy - y0, fz = iz - z0;
                for (int corner = 0; corner < 8; corner++)
                {
                    int dz = corner >> 2, dy = (corner >> 1) & 1, dx = corner & 1;
                    int cx = x0 + dx, cy = y0 + dy, cz = z0 + dz;
                    float weight = (dx == 1 ? fx : 1 - fx) * (dy == 1 ? fy : 1 - fy) * (volumetric ? (dz == 1 ? fz : 1 - fz) : (dz == 0 ? 1f : 0f));
                    bool inside = (uint)cx < (uint)w && (uint)cy < (uint)h && (uint)cz < (uint)d;
                    offsets[q * 8 + corner] = inside ? (cz * h + cy) * w + cx : 0;
                    weights[q * 8 + corner] = inside ? weight : 0f;
                }
            }
            for (int c = 0; c < channels; c++)
            {
                float* source = x + ((long)n * channels + c) * inPlane;
                float* target = y + ((long)n * channels + c) * outPlane + (long)rowInBatch * ow;
                for (int q = 0; q < ow; q++)
                {
                    float sum = 0;
                    for (int corner = 0; corner < 8; corner++)
                        sum += weights[q * 8 + corner] * source[offsets[q * 8 + corner]];
                    target[q] = sum;
                }
            }
        });
    }
}

using System.Runtime.CompilerServices;
using KDTalker.Kernels.Cpu.Gemm;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu.Convolution;

/// <summary>
/// The implicit-GEMM right operand of a convolution: B[k, p] = x[c, z, y, x] for reduction index
/// k = ((c·kD + i)·kH + j)·kW + l and output position p = (od·H' + oh)·W' + ow, with
/// z = od·sD − pD + i (likewise y, x) and zero outside the input. Panels are packed straight from the
/// input, so the im2col matrix never exists. 2-D convolutions are the D = kD = 1 case.
/// </summary>
internal readonly unsafe struct Im2ColPacker : IPackB
{
    private readonly float* _input;
    private readonly int _depth, _height, _width, _kd, _kh, _kw, _sd, _sh, _sw, _pd, _ph, _pw, _outHeight, _outWidth;

    public Im2ColPacker(float* input, ConvGeometry g)
    {
        _input = input;
        bool is3d = g.SpatialRank == 3;
        (_depth, _kd, _sd, _pd) = is3d ? (g.InputSize[0], g.KernelSize[0], g.Stride[0], g.Padding[0]) : (1, 1, 1, 0);
        int o = is3d ? 1 : 0;
        (_height, _kh, _sh, _ph, _outHeight) = (g.InputSize[o], g.KernelSize[o], g.Stride[o], g.Padding[o], g.OutputSize[o]);
        (_width, _kw, _sw, _pw, _outWidth) = (g.InputSize[o + 1], g.KernelSize[o + 1], g.Stride[o + 1], g.Padding[o + 1], g.OutputSize[o + 1]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PackB(int k0, int kc, int n0, int nc, int nr, float* destination)
    {
        int plane = _outHeight * _outWidth;
        for (int panel = 0; panel < nc; panel += nr)
        {
            int valid = Math.Min(nr, nc - panel);
            for (int k = 0; k < kc; k++)
            {
                int index = k0 + k;
                int l = index % _kw, j = index / _kw % _kh, i = index / (_kw * _kh) % _kd, c = index / (_kw * _kh * _kd);
                float* target = destination + k * nr;
                // The panel's positions split into runs that share an output row; each run's taps are
                // one stretch of an input row.
                for (int q = 0; q < valid;)
                {
                    int p = n0 + panel + q;
                    int od = p / plane, oh = p % plane / _outWidth, ow = p % _outWidth;
                    int run = Math.Min(valid - q, _outWidth - ow);
                    PackRun(target + q, run, c, od * _sd - _pd + i, oh * _sh - _ph + j, ow * _sw - _pw + l);
                    q += run;
                }
                for (int q = valid; q < nr; q++)
                    target[q] = 0f;
            }
            destination += nr * kc;
        }
    }

    private void PackRun(float* target, int count, int c, int z, int y, int x0)
    {
        if ((uint)z >= (uint)_depth || (uint)y >= (uint)_height)
        {
            new Span<float>(target, count).Clear();
            return;
        }
        float* row = _input + (((long)c * _depth + z) * _height + y) * _width;
        if (_sw == 1 && x0 >= 0 && x0 + count <= _width)
        {
            Buffer.MemoryCopy(row + x0, target, count * sizeof(float), count * sizeof(float));
            return;
        }
        for (int q = 0; q < count; q++)
        {
            int x = x0 + q * _sw;
            target[q] = (uint)x < (uint)_width ? row[x] : 0f;
        }
    }
}

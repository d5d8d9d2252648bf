using System.Runtime.CompilerServices;

namespace KDTalker.Kernels.Cpu.Gemm;

/// <summary>
/// A matrix anywhere in memory: element (r, c) at Data[r·RowStride + c·ColumnStride]. Transposed and
/// broadcast (stride 0) views pack without copies.
/// </summary>
internal readonly unsafe struct StridedMatrix(float* data, int rows, int columns, int rowStride, int columnStride) : IPackA, IPackB
{
    public int Rows => rows;

    public int Columns => columns;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PackA(int m0, int mc, int k0, int kc, int mr, float* destination)
    {
        for (int panel = 0; panel < mc; panel += mr)
        {
            int valid = Math.Min(mr, mc - panel);
            for (int r = 0; r < mr; r++)
            {
                float* target = destination + r;
                if (r >= valid)
                {
                    for (int k = 0; k < kc; k++)
                        target[k * mr] = 0f;
                    continue;
                }
                float* source = data + (long)(m0 + panel + r) * rowStride + (long)k0 * columnStride;
                if (columnStride == 1)
                    for (int k = 0; k < kc; k++)
                        target[k * mr] = source[k];
                else
                    for (int k = 0; k < kc; k++)
                        target[k * mr] = source[(long)k * columnStride];
            }
            destination += mr * kc;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PackB(int k0, int kc, int n0, int nc, int nr, float* destination)
    {
        for (int panel = 0; panel < nc; panel += nr)
        {
            int valid = Math.Min(nr, nc - panel);
            for (int k = 0; k < kc; k++)
            {
                float* source = data + (long)(k0 + k) * rowStride + (long)(n0 + panel) * columnStride;
                float* target = destination + k * nr;
                if (columnStride == 1 && valid == nr)
                    Buffer.MemoryCopy(source, target, nr * sizeof(float), nr * sizeof(float));
                else
                {
                    for (int j = 0; j < valid; j++)
                        target[j] = source[(long)j * columnStride];
                    for (int j = valid; j < nr; j++)
                        target[j] = 0f;
                }
            }
            destination += nr * kc;
        }
    }
}

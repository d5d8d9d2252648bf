namespace KDTalker.Kernels.Cpu.Gemm;

/// <summary>
/// A matrix view element [i, j] = Pointer[i·RowStride + j·ColumnStride]: row-major, transposed
/// (RowStride 1) and broadcast (stride 0) layouts all read in place.
/// </summary>
internal readonly unsafe struct StridedMatrix(float* pointer, long rowStride, long columnStride) : IPanelSource
{
    public float* Pointer { get; } = pointer;

    public long RowStride { get; } = rowStride;

    public long ColumnStride { get; } = columnStride;

    /// <summary>
    /// Packs rows [row0, row0 + rows) × columns [k0, k0 + depth) as an A panel: for each k, <paramref name="height"/>
    /// consecutive row values, zero beyond rows.
    /// </summary>
    public void PackRowPanel(float* destination, int height, int row0, int rows, int k0, int depth)
    {
        if (rows < height)
            new Span<float>(destination, height * depth).Clear();
        // Walk the operand along its unit-stride axis so the reads stream.
        if (ColumnStride == 1 || Math.Abs(ColumnStride) <= Math.Abs(RowStride))
        {
            for (int r = 0; r < rows; r++)
            {
                float* source = Pointer + (row0 + r) * RowStride + k0 * ColumnStride;
                float* target = destination + r;
                for (int p = 0; p < depth; p++)
                    target[p * height] = source[p * ColumnStride];
            }
        }
        else
        {
            for (int p = 0; p < depth; p++)
            {
                float* source = Pointer + row0 * RowStride + (k0 + p) * ColumnStride;
                float* target = destination + p * height;
                for (int r = 0; r < rows; r++)
                    target[r] = source[r * RowStride];
            }
        }
    }

    /// <inheritdoc />
    public void PackPanel(float* destination, int width, int k0, int depth, int column0, int columns)
    {
        if (columns < width)
            new Span<float>(destination, width * depth).Clear();
        if (ColumnStride == 1)
        {
            for (int p = 0; p < depth; p++)
                PanelCopy.Run(Pointer + (k0 + p) * RowStride + column0, destination + p * width, columns);
            return;
        }
        int j = 0;
        if (RowStride == 1 && PanelCopy.CanTranspose)
        {
            // Transposed B (a Linear weight): its columns are contiguous along k, so move 8×8 blocks.
            for (; j <= columns - 8; j += 8)
            {
                float* source = Pointer + k0 + (column0 + j) * ColumnStride;
                int p = 0;
                for (; p <= depth - 8; p += 8)
                    PanelCopy.Transpose8x8(source + p, ColumnStride, destination + p * width + j, width);
                for (; p < depth; p++)
                    for (int c = 0; c < 8; c++)
                        destination[p * width + j + c] = source[p + c * ColumnStride];
            }
        }
        for (; j < columns; j++)
        {
            float* source = Pointer + k0 * RowStride + (column0 + j) * ColumnStride;
            float* target = destination + j;
            for (int p = 0; p < depth; p++)
                target[p * width] = source[p * RowStride];
        }
    }
}

namespace KDTalker.Kernels.Cpu.Gemm;

/// <summary>
/// Goto-style packed GEMM, C = A·B (+ bias). A is packed into MR-high row panels and B into NR-wide
/// column panels; the micro-kernel runs each tile with the B panel hot in L1 while a row block of A
/// (≤ MC rows) streams from L2.
/// Many rows: the output is cut into a few column ranges (and row ranges when N is narrow), one per
/// task; each task runs the whole serial Goto loop (NC columns, KC depth, MC rows) on its part with
/// its own packed buffers, so a thread never reads panels packed on another core and never waits.
/// One row block (small M: 66 tokens, 64 channels): A is packed once for all of K, and each thread
/// walks its own column panels through every depth block, packing each B panel right before use, so
/// both the B panel and the C strip stay in L1 and C is written once.
/// </summary>
internal sealed unsafe class BlockedGemm<TKernel, TSource>
    where TKernel : struct, IMicroKernel
    where TSource : struct, IPanelSource
{
    private const int DepthBlock = 256;   // KC: a 32-wide B panel is 32 KiB, within the 48 KiB L1.
    private const int RowBlock = 144;     // MC target: a 144×256 A block is 144 KiB of L2.
    private const int ColumnBlock = 4096; // NC: a 256×4096 B block is 4 MiB of L3.
    private const int TasksPerThread = 2;
    private const int MinimumChunkColumns = 512;

    private readonly CpuBackend _backend;
    private readonly bool _parallel;
    private readonly StridedMatrix _a;
    private readonly TSource _b;
    private readonly int _m, _n, _k, _threads;
    private readonly GemmOutput _c;
    private readonly int _rowBlock, _rowBlocks, _paddedRows;
    private readonly ScratchBuffer? _wholeA;

    private BlockedGemm(CpuBackend backend, bool parallel, StridedMatrix a, TSource b, int m, int n, int k, GemmOutput c)
    {
        (_backend, _parallel, _a, _b, _m, _n, _k, _c) = (backend, parallel, a, b, m, n, k, c);
        _threads = parallel ? backend.Threads : 1;
        int mr = TKernel.Rows;
        int blocks = (m + RowBlock - 1) / RowBlock;
        _rowBlock = RoundUp((m + blocks - 1) / blocks, mr);
        _rowBlocks = (m + _rowBlock - 1) / _rowBlock;
        _paddedRows = RoundUp(m, mr);
        if (_rowBlocks == 1)
            _wholeA = new ScratchBuffer(backend, (long)_paddedRows * k);
    }

    /// <summary>
    /// C[m×n] = A[m×k]·B[k×n] + bias. With <paramref name="parallel"/> the work is spread over the
    /// backend's threads; without, it runs on the calling thread (callers parallel over a batch).
    /// Packing buffers come from the backend's pool.
    /// </summary>
    public static void Run(CpuBackend backend, bool parallel, StridedMatrix a, TSource b, int m, int n, int k, GemmOutput c)
    {
        if (m == 0 || n == 0)
            return;
        if (k == 0)
        {
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                    c.Pointer[i * c.Stride + j] = c.Bias(i, j);
            return;
        }
        var gemm = new BlockedGemm<TKernel, TSource>(backend, parallel && backend.Threads > 1, a, b, m, n, k, c);
        try
        {
            if (gemm._rowBlocks == 1)
                gemm.RunOneRowBlock(gemm._wholeA!.Pointer);
            else
                gemm.RunManyRowBlocks();
        }
        finally
        {
            gemm._wholeA?.Dispose();
        }
    }

    private void RunOneRowBlock(float* packedA)
    {
        int depthBlocks = (_k + DepthBlock - 1) / DepthBlock;
        ForEach(depthBlocks, block =>
        {
            int k0 = block * DepthBlock, depth = Math.Min(DepthBlock, _k - k0);
            PackRows(packedA + (long)_paddedRows * k0, 0, _m, k0, depth);
        });
        int nr = TKernel.Columns;
        int panels = (_n + nr - 1) / nr;
        int chunks = Math.Min(panels, TasksPerThread * _threads);
        ForEach(chunks, chunk =>
        {
            float* tile = stackalloc float[16 * 16];
            using var scratchB = new ScratchBuffer(_backend, (long)nr * Math.Min(_k, DepthBlock));
            float* packedB = scratchB.Pointer;
            for (int panel = chunk * panels / chunks; panel < (chunk + 1) * panels / chunks; panel++)
            {
                int column = panel * nr, columns = Math.Min(nr, _n - column);
                for (int k0 = 0; k0 < _k; k0 += DepthBlock)
                {
                    int depth = Math.Min(DepthBlock, _k - k0);
                    _b.PackPanel(packedB, nr, k0, depth, column, columns);
                    RunTiles(packedA + (long)_paddedRows * k0, packedB, depth, k0 == 0, 0, _m, column, columns, tile);
                }
            }
        });
    }

    private void RunManyRowBlocks()
    {
        int nr = TKernel.Columns;
        int panels = (_n + nr - 1) / nr;
        // Column ranges of at least MinimumChunkColumns keep A's repacking per task below 1 % of the work.
        int columnChunks = Math.Clamp(Math.Min(TasksPerThread * _threads, _n / MinimumChunkColumns), 1, panels);
        int rowChunks = Math.Clamp((TasksPerThread * _threads + columnChunks - 1) / columnChunks, 1, _rowBlocks);
        if (_threads == 1)
            columnChunks = rowChunks = 1;
        ForEach(rowChunks * columnChunks, task =>
        {
            int rowChunk = task / columnChunks, columnChunk = task % columnChunks;
            int rowStart = rowChunk * _rowBlocks / rowChunks * _rowBlock;
            int rowEnd = Math.Min(_m, (rowChunk + 1) * _rowBlocks / rowChunks * _rowBlock);
            int columnStart = columnChunk * panels / columnChunks * nr;
            int columnEnd = Math.Min(_n, (columnChunk + 1) * panels / columnChunks * nr);
            RunPart(rowStart, rowEnd, columnStart, columnEnd);
        });
    }

    /// <summary>The serial Goto loop over C[rowStart..rowEnd, columnStart..columnEnd) with this thread's buffers.</summary>
    private void RunPart(int rowStart, int rowEnd, int columnStart, int columnEnd)
    {
        int nr = TKernel.Columns;
        int maxDepth = Math.Min(_k, DepthBlock);
        using var scratchA = new ScratchBuffer(_backend, (long)_rowBlock * maxDepth);
        using var scratchB = new ScratchBuffer(_backend, (long)RoundUp(Math.Min(columnEnd - columnStart, ColumnBlock), nr) * maxDepth);
        float* packedA = scratchA.Pointer, packedB = scratchB.Pointer;
        float* tile = stackalloc float[16 * 16];
        for (int column0 = columnStart; column0 < columnEnd; column0 += ColumnBlock)
        {
            int columns = Math.Min(ColumnBlock, columnEnd - column0);
            int panels = (columns + nr - 1) / nr;
            for (int k0 = 0; k0 < _k; k0 += DepthBlock)
            {
                int depth = Math.Min(DepthBlock, _k - k0);
                for (int panel = 0; panel < panels; panel++)
                {
                    int column = column0 + panel * nr;
                    _b.PackPanel(packedB + (long)panel * nr * depth, nr, k0, depth, column, Math.Min(nr, columnEnd - column));
                }
                for (int row = rowStart; row < rowEnd; row += _rowBlock)
                {
                    int blockEnd = Math.Min(rowEnd, row + _rowBlock);
                    PackRows(packedA, row, blockEnd, k0, depth);
                    for (int panel = 0; panel < panels; panel++)
                    {
                        int column = column0 + panel * nr;
                        RunTiles(packedA, packedB + (long)panel * nr * depth, depth, k0 == 0, row, blockEnd, column, Math.Min(nr, columnEnd - column), tile);
                    }
                }
            }
        }
    }

    private void ForEach(int count, Action<int> body)
    {
        if (_parallel)
        {
            _backend.For(count, body);
        }
        else
        {
            for (int i = 0; i < count; i++)
                body(i);
        }
    }

    /// <summary>Packs rows [rowStart, rowEnd) × depth block k0 of A as consecutive MR-high panels.</summary>
    private void PackRows(float* destination, int rowStart, int rowEnd, int k0, int depth)
    {
        int mr = TKernel.Rows;
        for (int row = rowStart; row < rowEnd; row += mr, destination += mr * depth)
            _a.PackRowPanel(destination, mr, row, Math.Min(mr, _m - row), k0, depth);
    }

    /// <summary>
    /// Multiplies the packed row panels of rows [rowStart, rowEnd) by one packed B panel into C; the first
    /// depth block starts from the bias (or zero), later ones accumulate onto C.
    /// </summary>
    private void RunTiles(float* packedA, float* packedB, int depth, bool firstDepth, int rowStart, int rowEnd, int column, int columns, float* tile)
    {
        int mr = TKernel.Rows, nr = TKernel.Columns, stride = (int)_c.Stride;
        for (int row = rowStart; row < rowEnd; row += mr, packedA += mr * depth)
        {
            int rows = Math.Min(mr, _m - row);
            float* c = _c.Pointer + row * _c.Stride + column;
            if (rows == mr && columns == nr && !(firstDepth && _c.RowBias != null))
            {
                // Full tile: start from C, from the column bias repeated down the rows (stride 0), or from zero.
                if (!firstDepth)
                    TKernel.Run(depth, packedA, packedB, c, stride, c, stride);
                else if (_c.ColumnBias != null)
                    TKernel.Run(depth, packedA, packedB, _c.ColumnBias + column, 0, c, stride);
                else
                    TKernel.Run(depth, packedA, packedB, null, 0, c, stride);
                continue;
            }
            // Edge tile or row-bias tile: run on a full MR×NR scratch tile, then store the valid part.
            if (firstDepth)
                FillBias(tile, row, rows, column, columns);
            else
                Copy(c, stride, tile, nr, rows, columns);
            TKernel.Run(depth, packedA, packedB, tile, nr, tile, nr);
            Copy(tile, nr, c, stride, rows, columns);
        }
    }

    /// <summary>Writes the bias of a tile's valid part into the scratch tile.</summary>
    private void FillBias(float* tile, int row, int rows, int column, int columns)
    {
        int nr = TKernel.Columns;
        for (int r = 0; r < rows; r++)
        {
            var target = new Span<float>(tile + r * nr, columns);
            if (_c.ColumnBias != null)
                new ReadOnlySpan<float>(_c.ColumnBias + column, columns).CopyTo(target);
            else
                target.Clear();
            if (_c.RowBias != null)
                for (int j = 0; j < columns; j++)
                    target[j] += _c.RowBias[row + r];
        }
    }

    private static void Copy(float* source, int sourceStride, float* destination, int destinationStride, int rows, int columns)
    {
        for (int r = 0; r < rows; r++)
            new ReadOnlySpan<float>(source + r * sourceStride, columns).CopyTo(new Span<float>(destination + r * destinationStride, columns));
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}

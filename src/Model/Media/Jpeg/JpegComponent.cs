namespace KDTalker.Model.Media.Jpeg;

/// <summary>
/// One colour component of a frame: its sampling factors and its quantised DCT coefficients, 64 per 8×8 block in
/// natural (row-major) order, allocated for whole MCUs so interleaved scans never index past the end.
/// </summary>
internal sealed class JpegComponent
{
    public JpegComponent(int id, int h, int v, int quantizationTable, int width, int height, int maxH, int maxV)
    {
        Id = id;
        H = h;
        V = v;
        QuantizationTable = quantizationTable;
        // T.81 §A.1.1: the component is ceil(X·h/Hmax) × ceil(Y·v/Vmax) samples.
        BlocksPerLine = (((width * h + maxH - 1) / maxH) + 7) / 8;
        BlocksPerColumn = (((height * v + maxV - 1) / maxV) + 7) / 8;
        int mcusPerLine = (width + 8 * maxH - 1) / (8 * maxH);
        int mcusPerColumn = (height + 8 * maxV - 1) / (8 * maxV);
        StorageBlocksPerLine = mcusPerLine * h;
        StorageBlocksPerColumn = mcusPerColumn * v;
        Coefficients = new int[checked(StorageBlocksPerLine * StorageBlocksPerColumn * 64)];
    }

    public int Id { get; }
    public int H { get; }
    public int V { get; }
    public int QuantizationTable { get; }

    /// <summary>Blocks that hold image samples across one row (the order of a non-interleaved scan).</summary>
    public int BlocksPerLine { get; }
    public int BlocksPerColumn { get; }

    /// <summary>Blocks allocated across one row: whole MCUs.</summary>
    public int StorageBlocksPerLine { get; }
    public int StorageBlocksPerColumn { get; }

    public int[] Coefficients { get; }

    /// <summary>The DC predictor of the scan in progress (T.81 §F.2.1.3.1).</summary>
    public int DcPredictor { get; set; }

    public JpegHuffmanTable? DcTable { get; set; }
    public JpegHuffmanTable? AcTable { get; set; }

    /// <summary>The coefficients of block (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public Span<int> Block(int row, int column) => Coefficients.AsSpan((row * StorageBlocksPerLine + column) * 64, 64);
}

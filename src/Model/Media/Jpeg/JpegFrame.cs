using System.Buffers.Binary;

namespace KDTalker.Model.Media.Jpeg;

/// <summary>A frame (SOFn): the image size, its components, and the conversion of their samples to RGB.</summary>
internal sealed class JpegFrame
{
    private readonly JpegComponent[] _components;
    private readonly int _width, _height, _maxH, _maxV;
    private readonly bool _progressive;

    private JpegFrame(JpegComponent[] components, int width, int height, int maxH, int maxV, bool progressive)
    {
        _components = components;
        _width = width;
        _height = height;
        _maxH = maxH;
        _maxV = maxV;
        _progressive = progressive;
        McusPerLine = (width + 8 * maxH - 1) / (8 * maxH);
        McusPerColumn = (height + 8 * maxV - 1) / (8 * maxV);
    }

    /// <summary>The largest image decoded (as jpeg-js): its coefficients alone take 4 bytes per sample.</summary>
    public const long MaxPixels = 100_000_000;

    public int McusPerLine { get; }
    public int McusPerColumn { get; }

    /// <summary>Reads an SOF0/1/2 payload; null for what we do not decode (not 8-bit, not 1 or 3 components).</summary>
    public static JpegFrame? Read(ReadOnlySpan<byte> segment, bool progressive)
    {
        if (segment.Length < 6)
            throw new InvalidDataException("its frame header is too short.");
        int precision = segment[0];
        int height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
        int width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
        int count = segment[5];
        if (segment.Length < 6 + 3 * count)
            throw new InvalidDataException("its frame header is too short for its components.");
        if (width == 0 || height == 0)
            throw new InvalidDataException($"its frame is {width}x{height} pixels (a height given later in a DNL segment is not supported).");
        if ((long)width * height > MaxPixels)
            throw new InvalidDataException($"its frame is {width}x{height} pixels, more than the {MaxPixels / 1_000_000} megapixels this decoder accepts.");
        if (precision != 8 || count is not (1 or 3))
            return null;
        int maxH = 1, maxV = 1;
        for (int c = 0; c < count; c++)
        {
            int h = segment[7 + 3 * c] >> 4, v = segment[7 + 3 * c] & 15;
            if (h is < 1 or > 4 || v is < 1 or > 4 || segment[8 + 3 * c] > 3)
                throw new InvalidDataException($"component {c} of its frame has invalid sampling factors or table.");
            maxH = Math.Max(maxH, h);
            maxV = Math.Max(maxV, v);
        }
        var components = new JpegComponent[count];
        for (int c = 0; c < count; c++)
        {
            int at = 6 + 3 * c;
            components[c] = new JpegComponent(segment[at], segment[at + 1] >> 4, segment[at + 1] & 15, segment[at + 2], width, height, maxH, maxV);
        }
        return new JpegFrame(components, width, height, maxH, maxV, progressive);
    }

    /// <summary>Reads an SOS payload: which components the scan codes, with which tables, and its spectral band.</summary>
    public JpegScan ReadScanHeader(ReadOnlySpan<byte> segment, JpegHuffmanTable?[] dcTables, JpegHuffmanTable?[] acTables)
    {
        int count = segment.Length > 0 ? segment[0] : 0;
        if (count is < 1 or > 4 || segment.Length < 4 + 2 * count)
            throw new InvalidDataException("its scan header is malformed.");
        var components = new JpegComponent[count];
        for (int i = 0; i < count; i++)
        {
            int id = segment[1 + 2 * i], tables = segment[2 + 2 * i];
            var component = Array.Find(_components, c => c.Id == id)
                ?? throw new InvalidDataException($"a scan refers to component {id}, which its frame does not have.");
            component.DcTable = dcTables[(tables >> 4) & 3];
            component.AcTable = acTables[tables & 3];
            components[i] = component;
        }
        int spectralStart = segment[1 + 2 * count], spectralEnd = segment[2 + 2 * count];
        int successive = segment[3 + 2 * count];
        bool needsDc = !_progressive || spectralStart == 0, needsAc = !_progressive || spectralStart > 0;
        foreach (var component in components)
            if ((needsDc && component.DcTable is null) || (needsAc && component.AcTable is null))
                throw new InvalidDataException($"a scan of component {component.Id} uses a Huffman table the file never defines.");
        if (_progressive && (spectralEnd > 63 || spectralStart > spectralEnd || (spectralStart > 0 && count != 1)))
            throw new InvalidDataException("a progressive scan has an invalid spectral band.");
        return _progressive
            ? new JpegScan(components, true, spectralStart, spectralEnd, successive >> 4, successive & 15)
            : new JpegScan(components, false, 0, 63, 0, 0);
    }

    /// <summary>
    /// Inverse-transforms every component and assembles RGB. A component sampled below full resolution is
    /// replicated (pixel x reads sample ⌊x·h/Hmax⌋). Three components are YCbCr (JFIF) unless an Adobe segment says
    /// transform 0 (then RGB); one is grey.
    /// </summary>
    public RgbImage ToRgb(int[][] quantization, int? adobeTransform)
    {
        if ((long)_width * _height * 3 > Array.MaxLength)
            throw new InvalidDataException($"its {_width}x{_height} pixels are more than one image buffer holds.");
        var planes = new byte[_components.Length][];
        var strides = new int[_components.Length];
        for (int c = 0; c < _components.Length; c++)
            (planes[c], strides[c]) = Samples(_components[c], quantization);

        var image = new RgbImage(_width, _height);
        var columns = new int[_components.Length][];
        for (int c = 0; c < _components.Length; c++)
        {
            double scale = (double)_components[c].H / _maxH;
            columns[c] = new int[_width];
            for (int x = 0; x < _width; x++)
                columns[c][x] = (int)(x * scale);
        }
        bool ycbcr = _components.Length == 3 && adobeTransform != 0;
        for (int y = 0; y < _height; y++)
        {
            var row = image.Row(y);
            if (_components.Length == 1)
            {
                var grey = planes[0].AsSpan(SampleRow(0, y) * strides[0]);
                for (int x = 0; x < _width; x++)
                    row[3 * x] = row[3 * x + 1] = row[3 * x + 2] = grey[x];
                continue;
            }
            var first = planes[0].AsSpan(SampleRow(0, y) * strides[0]);
            var second = planes[1].AsSpan(SampleRow(1, y) * strides[1]);
            var third = planes[2].AsSpan(SampleRow(2, y) * strides[2]);
            for (int x = 0; x < _width; x++)
            {
                int a = first[columns[0][x]], b = second[columns[1][x]], c = third[columns[2][x]];
                if (ycbcr)
                    YCbCrToRgb(a, b, c, row.Slice(3 * x, 3));
                else
                {
                    row[3 * x] = (byte)a;
                    row[3 * x + 1] = (byte)b;
                    row[3 * x + 2] = (byte)c;
                }
            }
        }
        return image;
    }

    /// <summary>JFIF's YCbCr → RGB in double, truncated to 8 bits after clamping (as jpeg-js stores it).</summary>
    private static void YCbCrToRgb(int y, int cb, int cr, Span<byte> rgb)
    {
        rgb[0] = (byte)Math.Clamp(y + 1.402 * (cr - 128), 0.0, 255.0);
        rgb[1] = (byte)Math.Clamp(y - 0.3441363 * (cb - 128) - 0.71413636 * (cr - 128), 0.0, 255.0);
        rgb[2] = (byte)Math.Clamp(y + 1.772 * (cb - 128), 0.0, 255.0);
    }

    private int SampleRow(int component, int y) => (int)(y * ((double)_components[component].V / _maxV));

    private static (byte[] Plane, int Stride) Samples(JpegComponent component, int[][] quantization)
    {
        var table = quantization[component.QuantizationTable]
            ?? throw new InvalidDataException($"component {component.Id} uses a quantization table the file never defines.");
        int stride = component.StorageBlocksPerLine * 8;
        var plane = new byte[stride * component.StorageBlocksPerColumn * 8];
        Span<int> work = stackalloc int[64];
        for (int row = 0; row < component.StorageBlocksPerColumn; row++)
            for (int column = 0; column < component.StorageBlocksPerLine; column++)
                JpegIdct.Inverse(component.Block(row, column), table, work, plane.AsSpan(row * 8 * stride + column * 8), stride);
        return (plane, stride);
    }
}

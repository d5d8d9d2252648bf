using System.Buffers.Binary;

namespace KDTalker.Model.Media.Jpeg;

/// <summary>
/// Our JPEG decoder for the 8-bit Huffman-coded files that cameras and the web produce: baseline, extended sequential
/// and progressive, greyscale or three components at any sampling factors, with restart intervals.
/// Its pixels equal jpeg-js's, the decoder in face-api's Node reference (bit for bit on face-api's six sample photos):
/// the same integer IDCT (<see cref="JpegIdct"/>), chroma replicated to full resolution (no "fancy" triangle filter,
/// which libjpeg and stb_image apply), and the same YCbCr → RGB arithmetic. Identical pixels make the face
/// detector's boxes identical too.
/// </summary>
internal static class JpegDecoder
{
    /// <summary>
    /// Decodes <paramref name="data"/>; null for JPEG variants outside the list above (arithmetic coding, 12-bit,
    /// lossless, hierarchical, CMYK), so the caller can use another decoder.
    /// </summary>
    /// <exception cref="InvalidDataException">The data is a corrupt or truncated JPEG.</exception>
    public static RgbImage? Decode(byte[] data)
    {
        var reader = new MarkerReader(data);
        if (reader.ReadMarker() != 0xD8)
            throw new InvalidDataException("it does not start with a JPEG start-of-image marker.");

        var quantization = new int[4][];
        var dcTables = new JpegHuffmanTable?[4];
        var acTables = new JpegHuffmanTable?[4];
        JpegFrame? frame = null;
        int restartInterval = 0;
        int? adobeTransform = null;
        bool sawScan = false;
        while (true)
        {
            // A file cut off right after its last scan still holds a whole image; decoders accept it.
            int marker = sawScan && reader.AtEnd ? 0xD9 : reader.ReadMarker();
            switch (marker)
            {
                case 0xD9:
                    if (frame is null || !sawScan)
                        throw new InvalidDataException("it ends before any image data.");
                    return frame.ToRgb(quantization, adobeTransform);
                case 0xC0 or 0xC1 or 0xC2:
                    if (frame is not null)
                        throw new InvalidDataException("it holds more than one frame.");
                    frame = JpegFrame.Read(reader.Segment(), progressive: marker == 0xC2);
                    if (frame is null)
                        return null;
                    break;
                case 0xC3 or (>= 0xC5 and <= 0xC7) or (>= 0xC9 and <= 0xCB) or (>= 0xCD and <= 0xCF):
                    return null;
                case 0xC4:
                    ReadHuffmanTables(reader.Segment(), dcTables, acTables);
                    break;
                case 0xDB:
                    ReadQuantizationTables(reader.Segment(), quantization);
                    break;
                case 0xDD:
                    var restart = reader.Segment();
                    if (restart.Length < 2)
                        throw new InvalidDataException("its restart-interval segment is too short.");
                    restartInterval = BinaryPrimitives.ReadUInt16BigEndian(restart);
                    break;
                case 0xEE:
                    var adobe = reader.Segment();
                    if (adobe.Length >= 12 && adobe[..5].SequenceEqual("Adobe"u8))
                        adobeTransform = adobe[11];
                    break;
                case 0xDA:
                    if (frame is null)
                        throw new InvalidDataException("its image data comes before the frame header.");
                    var scan = frame.ReadScanHeader(reader.Segment(), dcTables, acTables);
                    var bits = new JpegBitReader(data, reader.Position);
                    scan.Decode(bits, frame.McusPerLine, frame.McusPerColumn, restartInterval);
                    bits.SkipToMarker();
                    reader.Position = bits.Position;
                    sawScan = true;
                    break;
                case 0x01 or (>= 0xD0 and <= 0xD8):
                    break; // markers without a segment (TEM, a stray RSTn or SOI)
                default:
                    // APPn, COM, DNL and any other segment carry nothing the pixels need.
                    reader.Segment();
                    break;
            }
        }
    }

    private static void ReadQuantizationTables(ReadOnlySpan<byte> segment, int[][] tables)
    {
        var zigZag = JpegZigZag.ToNatural;
        while (segment.Length > 0)
        {
            int precision = segment[0] >> 4, id = segment[0] & 15;
            int size = precision == 0 ? 64 : 128;
            if (precision > 1 || id > 3 || segment.Length < 1 + size)
                throw new InvalidDataException("its quantization table segment is malformed.");
            var table = new int[64];
            for (int k = 0; k < 64; k++)
                table[zigZag[k]] = precision == 0 ? segment[1 + k] : BinaryPrimitives.ReadUInt16BigEndian(segment[(1 + 2 * k)..]);
            tables[id] = table;
            segment = segment[(1 + size)..];
        }
    }

    private static void ReadHuffmanTables(ReadOnlySpan<byte> segment, JpegHuffmanTable?[] dc, JpegHuffmanTable?[] ac)
    {
        while (segment.Length > 0)
        {
            if (segment.Length < 17)
                throw new InvalidDataException("its Huffman table segment is malformed.");
            int tableClass = segment[0] >> 4, id = segment[0] & 15;
            var counts = segment.Slice(1, 16);
            int total = 0;
            foreach (byte count in counts)
                total += count;
            if (tableClass > 1 || id > 3 || total > 256 || segment.Length < 17 + total)
                throw new InvalidDataException("its Huffman table segment is malformed.");
            (tableClass == 0 ? dc : ac)[id] = new JpegHuffmanTable(counts, segment.Slice(17, total));
            segment = segment[(17 + total)..];
        }
    }

    /// <summary>Walks the marker segments, every length checked against the data.</summary>
    private sealed class MarkerReader(byte[] data)
    {
        public int Position { get; set; }

        public bool AtEnd => Position >= data.Length;

        /// <summary>Reads the next marker code, skipping fill bytes (0xFF runs).</summary>
        public int ReadMarker()
        {
            if (Position >= data.Length || data[Position] != 0xFF)
                throw new InvalidDataException(Position >= data.Length
                    ? "it ends without an end-of-image marker (the file is truncated)."
                    : $"a marker is expected at byte {Position} (the file is corrupt).");
            while (Position < data.Length && data[Position] == 0xFF)
                Position++;
            if (Position >= data.Length)
                throw new InvalidDataException("it ends without an end-of-image marker (the file is truncated).");
            return data[Position++];
        }

        /// <summary>The payload of the segment whose marker was just read (after its 2-byte length).</summary>
        public ReadOnlySpan<byte> Segment()
        {
            if (Position + 2 > data.Length)
                throw new InvalidDataException("it ends inside a segment header (the file is truncated).");
            int length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(Position));
            if (length < 2 || Position + length > data.Length)
                throw new InvalidDataException($"the segment at byte {Position} runs past the end of the file (the file is truncated or corrupt).");
            var payload = data.AsSpan(Position + 2, length - 2);
            Position += length;
            return payload;
        }
    }
}

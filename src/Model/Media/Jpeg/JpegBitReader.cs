namespace KDTalker.Model.Media.Jpeg;

/// <summary>
/// Reads entropy-coded bits most significant first, removing the stuffed zero after each 0xFF (T.81 §F.1.2.3).
/// Running into a marker or the end of the data mid-scan means the file is truncated or corrupt.
/// </summary>
internal sealed class JpegBitReader
{
    private readonly byte[] _data;
    private int _bitBuffer;
    private int _bitCount;

    public JpegBitReader(byte[] data, int position)
    {
        _data = data;
        Position = position;
    }

    /// <summary>The next unread byte of the entropy-coded segment.</summary>
    public int Position { get; private set; }

    public int ReadBit()
    {
        if (_bitCount == 0)
        {
            _bitBuffer = NextByte();
            _bitCount = 8;
        }
        _bitCount--;
        return (_bitBuffer >> _bitCount) & 1;
    }

    /// <summary>Reads <paramref name="length"/> bits as an unsigned integer.</summary>
    public int Receive(int length)
    {
        int n = 0;
        for (int i = 0; i < length; i++)
            n = (n << 1) | ReadBit();
        return n;
    }

    /// <summary>Reads a <paramref name="length"/>-bit magnitude category value (T.81 §F.2.2.1, EXTEND).</summary>
    public int ReceiveExtend(int length)
    {
        if (length == 0)
            return 0;
        if (length > 16)
            throw new InvalidDataException($"a coefficient of {length} bits is out of range (the file is corrupt).");
        int n = Receive(length);
        return n >= 1 << (length - 1) ? n : n - (1 << length) + 1;
    }

    /// <summary>Drops the buffered bits and skips to the next marker; returns it (0 at the end of the data).</summary>
    public int SkipToMarker()
    {
        _bitCount = 0;
        while (Position + 1 < _data.Length)
        {
            if (_data[Position] == 0xFF && _data[Position + 1] is not (0x00 or 0xFF))
                return _data[Position + 1];
            Position++;
        }
        Position = _data.Length;
        return 0;
    }

    /// <summary>Consumes the marker <see cref="SkipToMarker"/> found.</summary>
    public void ConsumeMarker() => Position += 2;

    private int NextByte()
    {
        if (Position >= _data.Length)
            throw new InvalidDataException("the image data ends in the middle of a scan (the file is truncated).");
        byte value = _data[Position];
        if (value != 0xFF)
        {
            Position++;
            return value;
        }
        if (Position + 1 < _data.Length && _data[Position + 1] == 0x00)
        {
            Position += 2;
            return 0xFF;
        }
        throw new InvalidDataException($"a marker interrupts the image data at byte {Position} (the file is truncated or corrupt).");
    }
}

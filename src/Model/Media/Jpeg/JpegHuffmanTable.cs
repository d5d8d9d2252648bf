namespace KDTalker.Model.Media.Jpeg;

/// <summary>
/// A canonical Huffman table from a DHT segment (ITU T.81 §C, Annex F.2.2.3): codes of each length 1–16 are
/// consecutive integers, so a code of length L is valid when it is at most <c>MaxCode[L]</c>.
/// </summary>
internal sealed class JpegHuffmanTable
{
    private readonly int[] _minCode = new int[17];
    private readonly int[] _maxCode = new int[18];
    private readonly int[] _valuePointer = new int[17];
    private readonly byte[] _values;

    /// <param name="counts">The number of codes of each length 1–16.</param>
    /// <param name="values">The symbols, in code order.</param>
    public JpegHuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values)
    {
        _values = values.ToArray();
        int code = 0, k = 0;
        for (int length = 1; length <= 16; length++)
        {
            int count = counts[length - 1];
            _valuePointer[length] = k;
            _minCode[length] = code;
            code += count;
            k += count;
            _maxCode[length] = count == 0 ? -1 : code - 1;
            if (code > 1 << length)
                throw new InvalidDataException($"a Huffman table has more codes of length {length} than fit in {length} bits.");
            code <<= 1;
        }
        _maxCode[17] = int.MaxValue;
    }

    /// <summary>Reads one symbol from <paramref name="bits"/>.</summary>
    public int Decode(JpegBitReader bits)
    {
        int code = 0;
        for (int length = 1; length <= 16; length++)
        {
            code = (code << 1) | bits.ReadBit();
            if (code <= _maxCode[length])
                return _values[_valuePointer[length] + code - _minCode[length]];
        }
        throw new InvalidDataException("the entropy-coded data holds a code that is not in its Huffman table (the file is corrupt).");
    }
}

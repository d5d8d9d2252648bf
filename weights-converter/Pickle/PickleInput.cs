using System.Buffers.Binary;
using System.Text;

namespace KDTalker.WeightsConverter.Pickle;

/// <summary>
/// Bounded reads from a seekable stream: every declared length is checked against the bytes that
/// remain before anything is allocated, so a crafted length cannot make the reader allocate more
/// than the file holds.
/// </summary>
internal sealed class PickleInput(Stream stream)
{
    private const int MaxLineBytes = 1 << 16;

    public long Position => stream.Position;

    public long Remaining => stream.Length - stream.Position;

    public byte ReadByte()
    {
        int value = stream.ReadByte();
        return value < 0 ? throw Truncated(1) : (byte)value;
    }

    public byte[] ReadBytes(long count)
    {
        if (count < 0 || count > Remaining)
            throw Truncated(count);
        var bytes = new byte[count];
        stream.ReadExactly(bytes);
        return bytes;
    }

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(ReadBytes(8));

    public double ReadFloat64BigEndian() => BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8));

    public string ReadUtf8(long count) => Encoding.UTF8.GetString(ReadBytes(count));

    /// <summary>An ASCII line without its "\n" (text opcodes: GLOBAL, INT, LONG, PUT...).</summary>
    public string ReadLine()
    {
        var line = new StringBuilder();
        while (true)
        {
            byte b = ReadByte();
            if (b == (byte)'\n')
                return line.ToString();
            if (line.Length >= MaxLineBytes)
                throw new PickleException($"A text line at byte {Position} is longer than {MaxLineBytes} bytes.");
            line.Append((char)b);
        }
    }

    private PickleException Truncated(long wanted) =>
        new($"The pickle wants {wanted} more bytes at byte {Position}, but only {Remaining} remain (truncated or corrupt file).");
}

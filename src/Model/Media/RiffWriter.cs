using System.Buffers.Binary;
using System.Text;

namespace KDTalker.Model.Media;

/// <summary>RIFF building blocks on a seekable stream: chunks padded to even sizes, lists whose sizes are patched when they end.</summary>
internal sealed class RiffWriter(Stream stream)
{
    /// <summary>The stream's position (absolute file offset).</summary>
    public long Position => stream.Position;

    /// <summary>Writes a chunk: id, little-endian size, body, a pad byte when the size is odd.</summary>
    public void Chunk(string id, ReadOnlySpan<byte> body)
    {
        Span<byte> header = stackalloc byte[8];
        Encoding.ASCII.GetBytes(id, header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)body.Length);
        stream.Write(header);
        stream.Write(body);
        if ((body.Length & 1) != 0)
            stream.WriteByte(0);
    }

    /// <summary>Rewrites a chunk of the same size at <paramref name="position"/> (a header patched at the end) and returns to the end.</summary>
    public void ChunkAt(long position, string id, ReadOnlySpan<byte> body)
    {
        long end = stream.Position;
        stream.Position = position;
        Chunk(id, body);
        stream.Position = end;
    }

    /// <summary>Starts "RIFF"/"LIST" + size placeholder + form type; returns the position of the size field.</summary>
    public long BeginList(string id, string type)
    {
        Span<byte> header = stackalloc byte[12];
        Encoding.ASCII.GetBytes(id, header);
        Encoding.ASCII.GetBytes(type, header[8..]);
        long sizePosition = stream.Position + 4;
        stream.Write(header);
        return sizePosition;
    }

    /// <summary>Patches the size of the list whose size field is at <paramref name="sizePosition"/> and returns to the end.</summary>
    public void EndList(long sizePosition)
    {
        long end = stream.Position;
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, checked((uint)(end - sizePosition - 4)));
        stream.Position = sizePosition;
        stream.Write(size);
        stream.Position = end;
    }

    /// <summary>A whole list written by <paramref name="body"/>.</summary>
    public void List(string id, string type, Action body)
    {
        long size = BeginList(id, type);
        body();
        EndList(size);
    }

    /// <summary>32-bit little-endian fields.</summary>
    public static byte[] Fields(params int[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    /// <summary>A four-character code as its little-endian integer.</summary>
    public static int FourCC(string code) => BinaryPrimitives.ReadInt32LittleEndian(Encoding.ASCII.GetBytes(code));

    /// <summary>The bytes a chunk with a body of <paramref name="bodyBytes"/> takes, header and pad byte included.</summary>
    public static long ChunkBytes(long bodyBytes) => 8 + bodyBytes + (bodyBytes & 1);
}

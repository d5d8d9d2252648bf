using System.Buffers.Binary;
using System.Text;

namespace KDTalker.Tests.Media;

/// <summary>
/// A RIFF chunk or list as read from the file by this test's own walk (independent of the writer's code): its id, the
/// list type for RIFF/LIST, the absolute position of its header, its body size and, for lists, its children.
/// </summary>
public sealed record RiffChunk(string Id, string? ListType, long Position, int Size, IReadOnlyList<RiffChunk> Children)
{
    /// <summary>Where the body starts (after the 8-byte header).</summary>
    public long DataPosition => Position + 8;

    /// <summary>The top-level chunks of a whole file (one RIFF per segment); every size must stay within its parent.</summary>
    public static List<RiffChunk> ReadFile(byte[] file) => Walk(file, 0, file.Length);

    /// <summary>The first child (depth-first) with this id, or list type for lists.</summary>
    public RiffChunk Find(string idOrType) => FindAll(idOrType).First();

    /// <summary>Every descendant with this id (or list type), in file order.</summary>
    public IEnumerable<RiffChunk> FindAll(string idOrType)
    {
        foreach (var child in Children)
        {
            if (child.Id == idOrType || child.ListType == idOrType)
                yield return child;
            foreach (var inner in child.FindAll(idOrType))
                yield return inner;
        }
    }

    /// <summary>The chunk's body bytes.</summary>
    public ReadOnlySpan<byte> Body(byte[] file) => file.AsSpan((int)DataPosition, Size);

    /// <summary>32-bit field <paramref name="index"/> of the body.</summary>
    public int Field(byte[] file, int index) => BinaryPrimitives.ReadInt32LittleEndian(Body(file)[(4 * index)..]);

    private static List<RiffChunk> Walk(byte[] file, long start, long end)
    {
        var chunks = new List<RiffChunk>();
        for (long at = start; at < end;)
        {
            if (at + 8 > end)
                throw new InvalidDataException($"truncated chunk header at {at}");
            string id = Encoding.ASCII.GetString(file, (int)at, 4);
            int size = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan((int)at + 4));
            if (size < 0 || at + 8 + size > end)
                throw new InvalidDataException($"chunk '{id}' at {at} (size {size}) runs past its parent, which ends at {end}");
            bool isList = id is "RIFF" or "LIST";
            string? type = isList ? Encoding.ASCII.GetString(file, (int)at + 8, 4) : null;
            var children = isList ? Walk(file, at + 12, at + 8 + size) : [];
            chunks.Add(new RiffChunk(id, type, at, size, children));
            at += 8 + size + (size & 1);
        }
        return chunks;
    }
}

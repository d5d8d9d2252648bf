using System.Buffers.Binary;
using System.Text;

namespace KDTalker.Model.Media;

/// <summary>Where one chunk's data starts in the file (after its 8-byte header) and its size.</summary>
internal readonly record struct AviChunkEntry(long DataPosition, int Size);

/// <summary>One entry of an OpenDML super index: a standard index chunk (position of its header, its total size) and the stream ticks it covers.</summary>
internal readonly record struct AviSuperIndexEntry(long Position, int Size, int Duration);

/// <summary>
/// The three AVI indexes, as bytes. OpenDML (AVI 2.0): each stream's <c>indx</c> super index in its <c>strl</c> points at
/// one <c>ix##</c> standard index per RIFF, which lists that RIFF's chunks relative to a 64-bit base offset, so files can
/// pass the 1 GB a RIFF may hold. The legacy <c>idx1</c> covers only the first RIFF, for AVI 1.0 readers.
/// </summary>
internal static class AviIndex
{
    private const byte IndexOfIndexes = 0x00, IndexOfChunks = 0x01;
    private const int KeyFrame = 0x10; // AVIIF_KEYFRAME: every JPEG frame is one

    /// <summary>Body bytes of a super index with room for <paramref name="capacity"/> entries.</summary>
    public static int SuperIndexBytes(int capacity) => 24 + 16 * capacity;

    /// <summary>Body bytes of a standard index with <paramref name="entries"/> entries.</summary>
    public static int StandardIndexBytes(int entries) => 24 + 8 * entries;

    /// <summary>AVISUPERINDEX body: 4 longs per entry, <c>nEntriesInUse</c>, the stream's chunk id, then the entries and unused room.</summary>
    public static byte[] SuperIndex(string chunkId, IReadOnlyList<AviSuperIndexEntry> entries, int capacity)
    {
        var body = new byte[SuperIndexBytes(capacity)];
        Header(body, 4, IndexOfIndexes, entries.Count, chunkId);
        for (int i = 0; i < entries.Count; i++)
        {
            var entry = body.AsSpan(24 + 16 * i);
            BinaryPrimitives.WriteInt64LittleEndian(entry, entries[i].Position);
            BinaryPrimitives.WriteInt32LittleEndian(entry[8..], entries[i].Size);
            BinaryPrimitives.WriteInt32LittleEndian(entry[12..], entries[i].Duration);
        }
        return body;
    }

    /// <summary>AVISTDINDEX body: offsets to each chunk's data relative to <paramref name="baseOffset"/>; bit 31 of a size would mark a non-key frame
    /// (none here).</summary>
    public static byte[] StandardIndex(string chunkId, long baseOffset, IReadOnlyList<AviChunkEntry> chunks)
    {
        var body = new byte[StandardIndexBytes(chunks.Count)];
        Header(body, 2, IndexOfChunks, chunks.Count, chunkId);
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(12), baseOffset);
        for (int i = 0; i < chunks.Count; i++)
        {
            var entry = body.AsSpan(24 + 8 * i);
            BinaryPrimitives.WriteUInt32LittleEndian(entry, checked((uint)(chunks[i].DataPosition - baseOffset)));
            BinaryPrimitives.WriteInt32LittleEndian(entry[4..], chunks[i].Size);
        }
        return body;
    }

    /// <summary>
    /// idx1 body: 16 bytes per chunk in file order, offsets of each chunk's header counted from the <c>movi</c> tag at
    /// <paramref name="moviTag"/>.
    /// </summary>
    public static byte[] Legacy(long moviTag, IReadOnlyList<AviChunkEntry> video, IReadOnlyList<AviChunkEntry> audio)
    {
        var body = new byte[16 * (video.Count + audio.Count)];
        int v = 0, a = 0;
        for (int at = 0; at < body.Length; at += 16)
        {
            bool takeVideo = a == audio.Count || (v < video.Count && video[v].DataPosition < audio[a].DataPosition);
            var (id, chunk) = takeVideo ? ("00dc", video[v++]) : ("01wb", audio[a++]);
            var entry = body.AsSpan(at);
            Encoding.ASCII.GetBytes(id, entry);
            BinaryPrimitives.WriteInt32LittleEndian(entry[4..], KeyFrame);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], checked((uint)(chunk.DataPosition - 8 - moviTag)));
            BinaryPrimitives.WriteInt32LittleEndian(entry[12..], chunk.Size);
        }
        return body;
    }

    private static void Header(Span<byte> body, short longsPerEntry, byte indexType, int entriesInUse, string chunkId)
    {
        BinaryPrimitives.WriteInt16LittleEndian(body, longsPerEntry);
        body[2] = 0; // bIndexSubType
        body[3] = indexType;
        BinaryPrimitives.WriteInt32LittleEndian(body[4..], entriesInUse);
        Encoding.ASCII.GetBytes(chunkId, body[8..]);
    }
}

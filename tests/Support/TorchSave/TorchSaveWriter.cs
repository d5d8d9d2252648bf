using System.Buffers.Binary;
using System.Text;

namespace KDTalker.Tests.Support.TorchSave;

/// <summary>One float32 storage: its key and a producer of its little-endian bytes (called once, while writing).</summary>
public sealed record StorageData(string Key, long Elements, Func<byte[]> Bytes);

/// <summary>
/// Writes checkpoints the way torch.save does, for tests: the zip format (stored records under
/// "&lt;name&gt;/", storages 64-byte aligned through the local extra field) and the legacy format
/// (magic, protocol, sys info, object, key list pickles, then count-prefixed storages).
/// </summary>
public static class TorchSaveWriter
{
    public static void SaveZip(string path, object? root, IEnumerable<StorageData> storages) => SaveZip(path, PickleWriter.Dump(root), storages);

    /// <summary>A zip checkpoint around raw data.pkl bytes (for crafted pickles).</summary>
    public static void SaveZip(string path, byte[] pickle, IEnumerable<StorageData> storages)
    {
        string folder = Path.GetFileNameWithoutExtension(path);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        var central = new List<(string Name, long Offset, long Size, uint Crc)>();
        void Record(string name, byte[] data)
        {
            var nameBytes = Encoding.UTF8.GetBytes($"{folder}/{name}");
            long offset = file.Position;
            int padding = (int)((64 - (offset + 30 + nameBytes.Length + 4) % 64) % 64);
            uint crc = Crc32(data);
            var header = new byte[30];
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x04034b50);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 20);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(14), crc);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(18), (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(22), (uint)data.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), (ushort)nameBytes.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), (ushort)(padding + 4));
            file.Write(header);
            file.Write(nameBytes);
            var extra = new byte[4 + padding]; // a private extra field whose length aligns the data
            BinaryPrimitives.WriteUInt16LittleEndian(extra, 0x1234);
            BinaryPrimitives.WriteUInt16LittleEndian(extra.AsSpan(2), (ushort)padding);
            file.Write(extra);
            file.Write(data);
            central.Add(($"{folder}/{name}", offset, data.Length, crc));
        }

        Record("data.pkl", pickle);
        Record("byteorder", "little"u8.ToArray());
        foreach (var storage in storages)
            Record($"data/{storage.Key}", storage.Bytes());
        Record("version", "3\n"u8.ToArray());

        long directoryStart = file.Position;
        foreach (var (name, offset, size, crc) in central)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            var header = new byte[46];
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 20);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), crc);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), (uint)size);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), (uint)size);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), (ushort)nameBytes.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(42), (uint)offset);
            file.Write(header);
            file.Write(nameBytes);
        }
        var end = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), (ushort)central.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), (ushort)central.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)(file.Position - directoryStart));
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), (uint)directoryStart);
        file.Write(end);
    }

    public static void SaveLegacy(string path, object? root, IReadOnlyList<StorageData> storages)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        file.Write(PickleWriter.Dump(System.Numerics.BigInteger.Parse("119547037146038801333356")));
        file.Write(PickleWriter.Dump(1001L));
        file.Write(PickleWriter.Dump(new PlainDictValue([
            new("protocol_version", 1001L), new("little_endian", true),
            new("type_sizes", new PlainDictValue([new("short", 2L), new("int", 4L), new("long", 4L)]))])));
        file.Write(PickleWriter.Dump(root, legacyPersistentIds: true));
        file.Write(PickleWriter.Dump(storages.Select(s => (object?)s.Key).ToList()));
        Span<byte> count = stackalloc byte[8];
        foreach (var storage in storages)
        {
            BinaryPrimitives.WriteInt64LittleEndian(count, storage.Elements);
            file.Write(count);
            file.Write(storage.Bytes());
        }
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int bit = 0; bit < 8; bit++)
            c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }
}

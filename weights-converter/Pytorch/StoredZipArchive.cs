using System.Buffers.Binary;
using System.Text;

namespace KDTalker.WeightsConverter.Pytorch;

/// <summary>One record of a zip archive: its name and where its stored (uncompressed) bytes lie in the file.</summary>
public sealed record ZipRecord(string Name, long DataOffset, long Length, bool IsStored);

/// <summary>
/// The directory of a zip archive as torch.save writes it (records stored, not compressed; ZIP64
/// tolerated). Data offsets come from each local header (30 + name + extra), never from the central
/// directory's extra field, since torch pads the local extra field to align storages to 64 bytes.
/// Every offset and length is checked against the file size.
/// </summary>
public static class StoredZipArchive
{
    private const uint EndOfCentralDirectory = 0x06054b50, Zip64Locator = 0x07064b50, Zip64End = 0x06064b50;
    private const uint CentralHeader = 0x02014b50, LocalHeader = 0x04034b50;

    /// <summary>Reads the records of the archive in <paramref name="stream"/>.</summary>
    public static IReadOnlyList<ZipRecord> ReadDirectory(Stream stream, string source)
    {
        long fileLength = stream.Length;
        int tailLength = (int)Math.Min(fileLength, 22 + 0xFFFF);
        var tail = ReadAt(stream, fileLength - tailLength, tailLength, source);
        int end = -1;
        for (int i = tailLength - 22; i >= 0; i--)
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndOfCentralDirectory)
            {
                end = i;
                break;
            }
        if (end < 0)
            throw Error(source, "no zip end-of-central-directory record (truncated file?)");

        long count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(end + 10));
        long directorySize = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 12));
        long directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 16));
        long endPosition = fileLength - tailLength + end;
        if ((count == 0xFFFF || directorySize == 0xFFFFFFFF || directoryOffset == 0xFFFFFFFF) && endPosition >= 20)
        {
            var locator = ReadAt(stream, endPosition - 20, 20, source);
            if (BinaryPrimitives.ReadUInt32LittleEndian(locator) == Zip64Locator)
            {
                long zip64End = CheckedOffset(BinaryPrimitives.ReadInt64LittleEndian(locator.AsSpan(8)), 56, fileLength, source, "ZIP64 end record");
                var record = ReadAt(stream, zip64End, 56, source);
                if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64End)
                    throw Error(source, "the ZIP64 end record is missing");
                count = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(32));
                directorySize = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(40));
                directoryOffset = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(48));
            }
        }
        CheckedOffset(directoryOffset, directorySize, fileLength, source, "central directory");
        if (count < 0 || count > directorySize / 46)
            throw Error(source, $"the central directory claims {count} records in {directorySize} bytes");

        var directory = ReadAt(stream, directoryOffset, (int)Math.Min(directorySize, int.MaxValue), source);
        var records = new List<ZipRecord>((int)count);
        int position = 0;
        for (long i = 0; i < count; i++)
        {
            if (position + 46 > directory.Length || BinaryPrimitives.ReadUInt32LittleEndian(directory.AsSpan(position)) != CentralHeader)
                throw Error(source, $"central directory record {i} is corrupt");
            var header = directory.AsSpan(position);
            int method = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
            long compressedSize = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
            long localOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
            if (position + 46 + nameLength + extraLength + commentLength > directory.Length)
                throw Error(source, $"central directory record {i} runs past the directory");
            string name = Encoding.UTF8.GetString(header.Slice(46, nameLength));
            ApplyZip64(header.Slice(46 + nameLength, extraLength), ref size, ref compressedSize, ref localOffset);
            records.Add(new ZipRecord(name, DataOffset(stream, localOffset, fileLength, source, name), method == 0 ? size : compressedSize, method == 0));
            CheckedOffset(records[^1].DataOffset, records[^1].Length, fileLength, source, $"record '{name}'");
            position += 46 + nameLength + extraLength + commentLength;
        }
        return records;
    }

    /// <summary>Reads a byte range, failing with the file name when it is out of bounds.</summary>
    public static byte[] ReadAt(Stream stream, long offset, long length, string source)
    {
        CheckedOffset(offset, length, stream.Length, source, "read");
        if (length > Array.MaxLength)
            throw Error(source, $"a record of {length} bytes is too large to read at once");
        var bytes = new byte[length];
        stream.Position = offset;
        stream.ReadExactly(bytes);
        return bytes;
    }

    // ZIP64 extended information (tag 1): the 8-byte fields present are those whose 32-bit field is saturated.
    private static void ApplyZip64(ReadOnlySpan<byte> extra, ref long size, ref long compressedSize, ref long localOffset)
    {
        while (extra.Length >= 4)
        {
            int tag = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int length = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]), extra.Length - 4);
            var field = extra.Slice(4, length);
            if (tag == 1)
            {
                if (size == 0xFFFFFFFF && field.Length >= 8) { size = BinaryPrimitives.ReadInt64LittleEndian(field); field = field[8..]; }
                if (compressedSize == 0xFFFFFFFF && field.Length >= 8) { compressedSize = BinaryPrimitives.ReadInt64LittleEndian(field); field = field[8..]; }
                if (localOffset == 0xFFFFFFFF && field.Length >= 8) localOffset = BinaryPrimitives.ReadInt64LittleEndian(field);
            }
            extra = extra[(4 + length)..];
        }
    }

    private static long DataOffset(Stream stream, long localOffset, long fileLength, string source, string name)
    {
        var local = ReadAt(stream, CheckedOffset(localOffset, 30, fileLength, source, $"local header of '{name}'"), 30, source);
        if (BinaryPrimitives.ReadUInt32LittleEndian(local) != LocalHeader)
            throw Error(source, $"the local header of '{name}' is corrupt");
        return localOffset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(28));
    }

    private static long CheckedOffset(long offset, long length, long fileLength, string source, string what) =>
        offset < 0 || length < 0 || offset > fileLength - length
            ? throw Error(source, $"the {what} lies outside the file (bytes {offset}..{offset + length} of {fileLength})")
            : offset;

    private static CheckpointFormatException Error(string source, string problem) => new($"{source}: {problem}.");
}

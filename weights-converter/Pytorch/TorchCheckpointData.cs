namespace KDTalker.WeightsConverter.Pytorch;

/// <summary>
/// Where each storage's raw bytes lie in a checkpoint file: zip records "&lt;prefix&gt;/data/&lt;key&gt;",
/// or the legacy format's storage blobs after the pickles. Reads are bounds-checked against the record.
/// </summary>
public sealed class TorchCheckpointData(Stream stream, string source)
{
    private readonly Dictionary<string, (long Offset, long Length)> _records = new(StringComparer.Ordinal);

    /// <summary>The file, for messages.</summary>
    public string Source { get; } = source;

    internal void AddRecord(string key, long offset, long length) => _records[key] = (offset, length);

    internal bool TryGetRecord(string key, out long length)
    {
        bool found = _records.TryGetValue(key, out var record);
        length = record.Length;
        return found;
    }

    internal byte[] ReadStorage(string key, TorchDType dtype, long byteOffset, long byteLength)
    {
        if (!_records.TryGetValue(key, out var record))
            throw new CheckpointFormatException($"{Source}: storage '{key}' ({dtype}) has no data in the file.");
        if (byteOffset < 0 || byteLength < 0 || byteOffset > record.Length - byteLength)
            throw new CheckpointFormatException($"{Source}: storage '{key}' holds {record.Length} bytes; a tensor needs " +
                $"bytes {byteOffset}..{byteOffset + byteLength}.");
        return StoredZipArchive.ReadAt(stream, record.Offset + byteOffset, byteLength, Source);
    }
}

namespace KDTalker.WeightsConverter.Pytorch;

/// <summary>
/// A typed storage inside a checkpoint file: where its bytes lie is resolved lazily (in the legacy
/// format the data follows the pickle that references it). <see cref="ElementOffset"/> is non-zero for
/// legacy storage views into a larger root storage.
/// </summary>
public sealed class TorchStorage(TorchCheckpointData data, string key, TorchDType dtype, long elementCount, long elementOffset = 0)
{
    /// <summary>The storage key ("0", "1"... in zip files).</summary>
    public string Key { get; } = key;

    /// <summary>Element type.</summary>
    public TorchDType DType { get; } = dtype;

    /// <summary>Elements the pickle says the storage holds.</summary>
    public long ElementCount { get; } = elementCount;

    /// <summary>Offset of this storage within its root storage (legacy views), in elements.</summary>
    public long ElementOffset { get; } = elementOffset;

    /// <summary>Reads <paramref name="count"/> elements starting at element <paramref name="first"/>.</summary>
    public byte[] Read(long first, long count)
    {
        if (first < 0 || count < 0 || first + count > ElementCount)
            throw new CheckpointFormatException($"{data.Source}: a tensor reads elements {first}..{first + count} of storage '{Key}', which " +
                $"holds {ElementCount}.");
        return data.ReadStorage(Key, DType, (ElementOffset + first) * DType.Size(), count * DType.Size());
    }
}

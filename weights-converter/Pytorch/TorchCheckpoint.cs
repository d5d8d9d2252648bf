using System.Numerics;
using KDTalker.WeightsConverter.Pickle;

namespace KDTalker.WeightsConverter.Pytorch;

/// <summary>
/// A PyTorch checkpoint (torch.save output) opened without running any of its code: the object tree
/// from its pickle (<see cref="Root"/>) with tensors as lazy <see cref="TorchTensor"/> views whose
/// bytes are read from the file on demand. Zip and legacy formats are detected from the first bytes.
/// </summary>
public sealed class TorchCheckpoint : IDisposable
{
    private static readonly byte[] LegacyMagic = [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19];
    private static readonly BigInteger MagicNumber = BigInteger.Parse("119547037146038801333356");
    private readonly Stream _stream;

    private TorchCheckpoint(Stream stream, string source, TorchCheckpointFormat format, object? root)
    {
        _stream = stream;
        Source = source;
        Format = format;
        Root = root;
    }

    /// <summary>The file (or a name for a stream), for messages.</summary>
    public string Source { get; }

    /// <summary>Zip or legacy.</summary>
    public TorchCheckpointFormat Format { get; }

    /// <summary>The unpickled object: usually a <see cref="PickleDict"/>.</summary>
    public object? Root { get; }

    /// <summary>Opens a checkpoint file.</summary>
    public static TorchCheckpoint Open(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Checkpoint not found: {path}", path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
        try
        {
            return Open(stream, path);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads a checkpoint from a seekable stream, which the checkpoint then owns.</summary>
    public static TorchCheckpoint Open(Stream stream, string source)
    {
        var head = new byte[Math.Min(stream.Length, 262)];
        stream.Position = 0;
        stream.ReadExactly(head);
        try
        {
            if (head is [0x50, 0x4B, 0x03, 0x04, ..])
                return new TorchCheckpoint(stream, source, TorchCheckpointFormat.Zip, ReadZip(stream, source));
            if (head.AsSpan().StartsWith(LegacyMagic))
                return new TorchCheckpoint(stream, source, TorchCheckpointFormat.Legacy, ReadLegacy(stream, source));
        }
        catch (PickleException e)
        {
            throw new CheckpointFormatException($"{source}: {e.Message}", e);
        }
        catch (EndOfStreamException e)
        {
            throw new CheckpointFormatException($"{source}: the file ends early (truncated download?).", e);
        }
        if (head.Length >= 262 && head.AsSpan(257, 5).SequenceEqual("ustar"u8))
            throw new CheckpointFormatException($"{source} is a tar-format checkpoint from torch ≤ 0.1, which is not supported; re-save it with a " +
                "newer torch.");
        throw new CheckpointFormatException($"{source} is not a PyTorch checkpoint (neither the zip nor the legacy torch.save format).");
    }

    private static object? ReadZip(Stream stream, string source)
    {
        var records = StoredZipArchive.ReadDirectory(stream, source);
        var pickles = records.Where(r => r.Name.EndsWith("/data.pkl", StringComparison.Ordinal)).ToList();
        if (pickles.Count != 1)
            throw new CheckpointFormatException($"{source}: expected one '<name>/data.pkl' record in the zip, found {pickles.Count}.");
        string prefix = pickles[0].Name[..^"data.pkl".Length];
        var data = new TorchCheckpointData(stream, source);
        foreach (var record in records)
        {
            if (!record.Name.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            string name = record.Name[prefix.Length..];
            if (name.StartsWith("data/", StringComparison.Ordinal))
            {
                if (!record.IsStored)
                    throw new CheckpointFormatException($"{source}: storage record '{record.Name}' is compressed; torch.save stores records uncompressed.");
                data.AddRecord(name["data/".Length..], record.DataOffset, record.Length);
            }
            else if (name == "byteorder")
            {
                string order = System.Text.Encoding.ASCII.GetString(StoredZipArchive.ReadAt(stream, record.DataOffset, Math.Min(record.Length, 16), source));
                if (order != "little")
                    throw new CheckpointFormatException($"{source}: byte order '{order}' is not supported (only little-endian checkpoints).");
            }
        }
        if (!pickles[0].IsStored)
            throw new CheckpointFormatException($"{source}: data.pkl is compressed; torch.save stores records uncompressed.");
        using var pickle = new MemoryStream(StoredZipArchive.ReadAt(stream, pickles[0].DataOffset, pickles[0].Length, source));
        return new PickleMachine(new TorchPickleResolver(data, legacy: false)).Load(pickle);
    }

    private static object? ReadLegacy(Stream stream, string source)
    {
        stream.Position = 0;
        var data = new TorchCheckpointData(stream, source);
        var resolver = new TorchPickleResolver(data, legacy: true);
        var machine = new PickleMachine(resolver);
        if (machine.Load(stream) is not BigInteger magic || magic != MagicNumber)
            throw new CheckpointFormatException($"{source}: the legacy magic number is wrong.");
        if (machine.Load(stream) is not long protocol || protocol != 1001)
            throw new CheckpointFormatException($"{source}: legacy protocol version is not 1001.");
        if (machine.Load(stream) is PickleDict info && info.TryGet("little_endian", out var little) && little is false)
            throw new CheckpointFormatException($"{source}: big-endian checkpoints are not supported.");
        var root = machine.Load(stream);
        if (machine.Load(stream) is not List<object?> keys)
            throw new CheckpointFormatException($"{source}: the legacy storage key list is missing.");

        var input = new PickleInput(stream);
        foreach (var key in keys)
        {
            if (key is not string name || !resolver.Storages.TryGetValue(name, out var storage) || storage.ElementOffset != 0)
                throw new CheckpointFormatException($"{source}: the legacy storage list names an unknown storage {PickleException.Describe(key)}.");
            long count = input.ReadInt64();
            if (count != storage.ElementCount || count < 0 || count > input.Remaining / storage.DType.Size())
                throw new CheckpointFormatException($"{source}: storage '{name}' has {count} elements in the file but {storage.ElementCount} in the " +
                    "pickle, or runs past the end.");
            data.AddRecord(name, stream.Position, count * storage.DType.Size());
            stream.Position += count * storage.DType.Size();
        }
        return root;
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _stream.Dispose();
}

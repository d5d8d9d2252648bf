using KDTalker.Tensors.SafeTensors;
using KDTalker.WeightsConverter.Pytorch;

namespace KDTalker.WeightsConverter.Inspection;

/// <summary>One tensor of a weights file: name, element type, shape and size.</summary>
public sealed record WeightRecord(string Name, string DType, long[] Shape, long Bytes)
{
    /// <summary>Number of elements.</summary>
    public long Elements => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>The list of tensors in a weights file, with totals: what `kdtalker weights inspect` prints.</summary>
public sealed record WeightsInventory(string Path, IReadOnlyList<WeightRecord> Tensors, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Total elements over all tensors.</summary>
    public long TotalElements => Tensors.Sum(t => t.Elements);

    /// <summary>Total bytes over all tensors.</summary>
    public long TotalBytes => Tensors.Sum(t => t.Bytes);

    /// <summary>The inventory of a safetensors file or a PyTorch checkpoint (no tensor data is read).</summary>
    public static WeightsInventory FromFile(string path)
    {
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            return FromSafeTensors(path);
        using var checkpoint = TorchCheckpoint.Open(path);
        var records = CheckpointTree.Tensors(checkpoint.Root)
            .Select(t => new WeightRecord(t.Path, t.Tensor.DType.ToString(), t.Tensor.Shape, t.Tensor.ElementCount * t.Tensor.DType.Size()))
            .ToList();
        return new WeightsInventory(path, records, new Dictionary<string, string> { ["format"] = $"PyTorch checkpoint ({checkpoint.Format})" });
    }

    /// <summary>Reads the inventory of a safetensors file (header only; no tensor data is read).</summary>
    public static WeightsInventory FromSafeTensors(string path)
    {
        using var file = SafeTensorsFile.Open(path);
        var records = file.Header.Entries.Select(e => new WeightRecord(e.Name, e.DType.ToString(), e.Shape, e.ByteLength)).ToList();
        return new WeightsInventory(path, records, file.Metadata);
    }
}

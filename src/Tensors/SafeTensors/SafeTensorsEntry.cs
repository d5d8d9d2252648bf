namespace KDTalker.Tensors.SafeTensors;

/// <summary>One tensor's header entry: its type, shape and byte range in the data section.</summary>
public sealed record SafeTensorsEntry(string Name, SafeTensorsDType DType, long[] Shape, long Begin, long End)
{
    /// <summary>Number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Bytes in the data section.</summary>
    public long ByteLength => End - Begin;

    /// <summary>The shape as 32-bit dimensions, for tensors.</summary>
    public int[] ShapeInt32 => Shape.Select(d => checked((int)d)).ToArray();
}

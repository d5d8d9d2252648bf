using System.Buffers.Binary;

namespace KDTalker.Tensors.SafeTensors;

/// <summary>Decodes little-endian tensor bytes of any safetensors dtype.</summary>
public static class ElementConversion
{
    /// <summary>Converts little-endian elements of <paramref name="dtype"/> to float32.</summary>
    public static void ToFloat32(ReadOnlySpan<byte> bytes, SafeTensorsDType dtype, Span<float> destination)
    {
        int size = dtype.Size();
        for (int i = 0; i < destination.Length; i++)
        {
            var element = bytes.Slice(i * size, size);
            destination[i] = dtype switch
            {
                SafeTensorsDType.F32 => BinaryPrimitives.ReadSingleLittleEndian(element),
                SafeTensorsDType.F16 => (float)BinaryPrimitives.ReadHalfLittleEndian(element),
                SafeTensorsDType.BF16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(element) << 16),
                SafeTensorsDType.F64 => (float)BinaryPrimitives.ReadDoubleLittleEndian(element),
                _ => ReadInteger(element, dtype),
            };
        }
    }

    /// <summary>Converts little-endian integer or bool elements to int64.</summary>
    public static void ToInt64(ReadOnlySpan<byte> bytes, SafeTensorsDType dtype, Span<long> destination)
    {
        int size = dtype.Size();
        for (int i = 0; i < destination.Length; i++)
            destination[i] = ReadInteger(bytes.Slice(i * size, size), dtype);
    }

    private static long ReadInteger(ReadOnlySpan<byte> element, SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.I64 => BinaryPrimitives.ReadInt64LittleEndian(element),
        SafeTensorsDType.I32 => BinaryPrimitives.ReadInt32LittleEndian(element),
        SafeTensorsDType.I16 => BinaryPrimitives.ReadInt16LittleEndian(element),
        SafeTensorsDType.I8 => (sbyte)element[0],
        SafeTensorsDType.U8 or SafeTensorsDType.BOOL => element[0],
        _ => throw new InvalidDataException($"{dtype} is not an integer type."),
    };
}

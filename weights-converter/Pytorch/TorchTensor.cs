using KDTalker.Tensors.SafeTensors;

namespace KDTalker.WeightsConverter.Pytorch;

/// <summary>
/// A tensor as torch pickles it: a view (offset, size, stride, in elements) of a storage. The bytes are
/// read only when asked for, in row-major order. Bounds were checked when the view was rebuilt.
/// </summary>
public sealed class TorchTensor
{
    private readonly long _span;

    /// <summary>Validates a view against its storage.</summary>
    public TorchTensor(TorchStorage storage, long offset, long[] shape, long[] stride, string source)
    {
        if (shape.Length != stride.Length)
            throw new CheckpointFormatException($"{source}: a tensor has {shape.Length} sizes but {stride.Length} strides.");
        long count = 1, last = offset;
        try
        {
            for (int i = 0; i < shape.Length; i++)
            {
                if (shape[i] < 0 || stride[i] < 0)
                    throw new OverflowException();
                count = checked(count * shape[i]);
                if (shape[i] > 0)
                    last = checked(last + (shape[i] - 1) * stride[i]);
            }
        }
        catch (OverflowException)
        {
            throw new CheckpointFormatException($"{source}: a tensor has an invalid size ({string.Join(", ", shape)}) or stride " +
                $"({string.Join(", ", stride)}).");
        }
        // count <= the storage's size also rules out broadcast (stride-0) views, which checkpoints never hold
        // and which could otherwise make a tiny storage expand to gigabytes.
        if (count > 0 && (offset < 0 || last >= storage.ElementCount || count > storage.ElementCount))
            throw new CheckpointFormatException(
                $"{source}: a tensor of shape ({string.Join(", ", shape)}) at offset {offset} reaches past its storage '{storage.Key}' " +
                $"of {storage.ElementCount} elements.");
        _span = count == 0 ? 0 : last - offset + 1;
        Storage = storage;
        Offset = offset;
        Shape = shape;
        Stride = stride;
        ElementCount = count;
    }

    /// <summary>The storage viewed.</summary>
    public TorchStorage Storage { get; }

    /// <summary>First element, in storage elements.</summary>
    public long Offset { get; }

    /// <summary>Sizes.</summary>
    public long[] Shape { get; }

    /// <summary>Strides in elements.</summary>
    public long[] Stride { get; }

    /// <summary>Number of elements.</summary>
    public long ElementCount { get; }

    /// <summary>Element type.</summary>
    public TorchDType DType => Storage.DType;

    /// <summary>The elements in row-major order, in the storage's own dtype (bit-exact).</summary>
    public byte[] ReadBytes()
    {
        int size = DType.Size();
        if (ElementCount == 0)
            return [];
        var window = Storage.Read(Offset, _span);
        if (_span == ElementCount && IsRowMajor())
            return window;
        var result = new byte[ElementCount * size];
        var index = new long[Shape.Length];
        for (long element = 0; element < ElementCount; element++)
        {
            long source = 0;
            for (int i = 0; i < Shape.Length; i++)
                source += index[i] * Stride[i];
            Array.Copy(window, source * size, result, element * size, size);
            for (int i = Shape.Length - 1; i >= 0 && ++index[i] == Shape[i]; i--)
                index[i] = 0;
        }
        return result;
    }

    /// <summary>The elements converted to float32, row-major.</summary>
    public float[] ReadFloat32()
    {
        var values = new float[ElementCount];
        ElementConversion.ToFloat32(ReadBytes(), DType.ToSafeTensors(), values);
        return values;
    }

    private bool IsRowMajor()
    {
        long expected = 1;
        for (int i = Shape.Length - 1; i >= 0; i--)
        {
            if (Shape[i] != 1 && Stride[i] != expected)
                return false;
            expected *= Shape[i];
        }
        return true;
    }
}

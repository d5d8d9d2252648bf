namespace KDTalker.WeightsConverter.Pytorch;

/// <summary>Element types of torch storages.</summary>
public enum TorchDType
{
    /// <summary>float32 (FloatStorage).</summary>
    Float32,
    /// <summary>float16 (HalfStorage).</summary>
    Float16,
    /// <summary>bfloat16 (BFloat16Storage).</summary>
    BFloat16,
    /// <summary>float64 (DoubleStorage).</summary>
    Float64,
    /// <summary>int64 (LongStorage).</summary>
    Int64,
    /// <summary>int32 (IntStorage).</summary>
    Int32,
    /// <summary>int16 (ShortStorage).</summary>
    Int16,
    /// <summary>int8 (CharStorage).</summary>
    Int8,
    /// <summary>uint8 (ByteStorage).</summary>
    UInt8,
    /// <summary>bool (BoolStorage).</summary>
    Bool,
}

/// <summary>Storage class names and element sizes.</summary>
public static class TorchDTypes
{
    private static readonly Dictionary<string, TorchDType> StorageClasses = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = TorchDType.Float32,
        ["HalfStorage"] = TorchDType.Float16,
        ["BFloat16Storage"] = TorchDType.BFloat16,
        ["DoubleStorage"] = TorchDType.Float64,
        ["LongStorage"] = TorchDType.Int64,
        ["IntStorage"] = TorchDType.Int32,
        ["ShortStorage"] = TorchDType.Int16,
        ["CharStorage"] = TorchDType.Int8,
        ["ByteStorage"] = TorchDType.UInt8,
        ["BoolStorage"] = TorchDType.Bool,
    };

    /// <summary>The dtype of a `torch.XStorage` class name, if it is one.</summary>
    public static bool TryFromStorageClass(string module, string name, out TorchDType dtype)
    {
        dtype = default;
        return module == "torch" && StorageClasses.TryGetValue(name, out dtype);
    }

    /// <summary>The safetensors name of the same element type.</summary>
    public static KDTalker.Tensors.SafeTensors.SafeTensorsDType ToSafeTensors(this TorchDType dtype) => dtype switch
    {
        TorchDType.Float32 => KDTalker.Tensors.SafeTensors.SafeTensorsDType.F32,
        TorchDType.Float16 => KDTalker.Tensors.SafeTensors.SafeTensorsDType.F16,
        TorchDType.BFloat16 => KDTalker.Tensors.SafeTensors.SafeTensorsDType.BF16,
        TorchDType.Float64 => KDTalker.Tensors.SafeTensors.SafeTensorsDType.F64,
        TorchDType.Int64 => KDTalker.Tensors.SafeTensors.SafeTensorsDType.I64,
        TorchDType.Int32 => KDTalker.Tensors.SafeTensors.SafeTensorsDType.I32,
        TorchDType.Int16 => KDTalker.Tensors.SafeTensors.SafeTensorsDType.I16,
        TorchDType.Int8 => KDTalker.Tensors.SafeTensors.SafeTensorsDType.I8,
        TorchDType.UInt8 => KDTalker.Tensors.SafeTensors.SafeTensorsDType.U8,
        _ => KDTalker.Tensors.SafeTensors.SafeTensorsDType.BOOL,
    };

    /// <summary>Bytes per element.</summary>
    public static int Size(this TorchDType dtype) => dtype switch
    {
        TorchDType.Float64 or TorchDType.Int64 => 8,
        TorchDType.Float32 or TorchDType.Int32 => 4,
        TorchDType.Float16 or TorchDType.BFloat16 or TorchDType.Int16 => 2,
        _ => 1,
    };
}

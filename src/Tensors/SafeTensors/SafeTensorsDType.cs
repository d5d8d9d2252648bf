namespace KDTalker.Tensors.SafeTensors;

/// <summary>Element types of the safetensors format (the names it writes in its header).</summary>
public enum SafeTensorsDType
{
    /// <summary>IEEE float32.</summary>
    F32,
    /// <summary>IEEE float16.</summary>
    F16,
    /// <summary>bfloat16 (the top half of a float32).</summary>
    BF16,
    /// <summary>IEEE float64.</summary>
    F64,
    /// <summary>Signed 64-bit integer.</summary>
    I64,
    /// <summary>Signed 32-bit integer.</summary>
    I32,
    /// <summary>Signed 16-bit integer.</summary>
    I16,
    /// <summary>Signed byte.</summary>
    I8,
    /// <summary>Unsigned byte.</summary>
    U8,
    /// <summary>One byte, 0 or 1.</summary>
    BOOL,
}

/// <summary>Sizes and names of <see cref="SafeTensorsDType"/>.</summary>
public static class SafeTensorsDTypes
{
    /// <summary>Bytes per element.</summary>
    public static int Size(this SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.F64 or SafeTensorsDType.I64 => 8,
        SafeTensorsDType.F32 or SafeTensorsDType.I32 => 4,
        SafeTensorsDType.F16 or SafeTensorsDType.BF16 or SafeTensorsDType.I16 => 2,
        _ => 1,
    };

    /// <summary>True for the floating-point types.</summary>
    public static bool IsFloatingPoint(this SafeTensorsDType dtype) =>
        dtype is SafeTensorsDType.F32 or SafeTensorsDType.F16 or SafeTensorsDType.BF16 or SafeTensorsDType.F64;

    /// <summary>Parses a header dtype name; false for names this reader does not know.</summary>
    public static bool TryParse(string name, out SafeTensorsDType dtype) =>
        Enum.TryParse(name, ignoreCase: false, out dtype) && Enum.IsDefined(dtype) && name == dtype.ToString();
}

using System.Runtime.Intrinsics;

namespace KDTalker.Kernels.Cpu.Elementwise;

/// <summary>An element-wise function of two operands in scalar, 128-bit and 256-bit form.</summary>
internal interface IBinaryFunction
{
    static abstract float Apply(float a, float b);
    static abstract Vector128<float> Apply(Vector128<float> a, Vector128<float> b);
    static abstract Vector256<float> Apply(Vector256<float> a, Vector256<float> b);
}

internal struct Add : IBinaryFunction
{
    public static float Apply(float a, float b) => a + b;
    public static Vector128<float> Apply(Vector128<float> a, Vector128<float> b) => a + b;
    public static Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a + b;
}

internal struct Subtract : IBinaryFunction
{
    public static float Apply(float a, float b) => a - b;
    public static Vector128<float> Apply(Vector128<float> a, Vector128<float> b) => a - b;
    public static Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a - b;
}

internal struct Multiply : IBinaryFunction
{
    public static float Apply(float a, float b) => a * b;
    public static Vector128<float> Apply(Vector128<float> a, Vector128<float> b) => a * b;
    public static Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a * b;
}

internal struct Divide : IBinaryFunction
{
    public static float Apply(float a, float b) => a / b;
    public static Vector128<float> Apply(Vector128<float> a, Vector128<float> b) => a / b;
    public static Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a / b;
}

internal struct Maximum : IBinaryFunction
{
    public static float Apply(float a, float b) => MathF.Max(a, b);
    public static Vector128<float> Apply(Vector128<float> a, Vector128<float> b) => Vector128.Max(a, b);
    public static Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => Vector256.Max(a, b);
}

internal struct Minimum : IBinaryFunction
{
    public static float Apply(float a, float b) => MathF.Min(a, b);
    public static Vector128<float> Apply(Vector128<float> a, Vector128<float> b) => Vector128.Min(a, b);
    public static Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => Vector256.Min(a, b);
}

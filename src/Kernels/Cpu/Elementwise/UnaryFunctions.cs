using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KDTalker.Kernels.Cpu.Elementwise;

/// <summary>An element-wise function in scalar, 128-bit and 256-bit form (one generic loop serves all).</summary>
internal interface IUnaryFunction
{
    static abstract float Apply(float x, float alpha);
    static abstract Vector128<float> Apply(Vector128<float> x, float alpha);
    static abstract Vector256<float> Apply(Vector256<float> x, float alpha);
}

internal struct Relu : IUnaryFunction
{
    public static float Apply(float x, float alpha) => x > 0 ? x : 0f;
    public static Vector128<float> Apply(Vector128<float> x, float alpha) => Vector128.Max(x, Vector128<float>.Zero);
    public static Vector256<float> Apply(Vector256<float> x, float alpha) => Vector256.Max(x, Vector256<float>.Zero);
}

internal struct LeakyRelu : IUnaryFunction
{
    public static float Apply(float x, float alpha) => x >= 0 ? x : x * alpha;
    public static Vector128<float> Apply(Vector128<float> x, float alpha) =>
        Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, Vector128<float>.Zero), x, x * alpha);
    public static Vector256<float> Apply(Vector256<float> x, float alpha) =>
        Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), x, x * alpha);
}

internal struct Sigmoid : IUnaryFunction
{
    public static float Apply(float x, float alpha) => 1f / (1f + MathF.Exp(-x));
    public static Vector128<float> Apply(Vector128<float> x, float alpha) => Vector128<float>.One / (Vector128<float>.One + VectorMath.Exp(-x));
    public static Vector256<float> Apply(Vector256<float> x, float alpha) => Vector256<float>.One / (Vector256<float>.One + VectorMath.Exp(-x));
}

internal struct Silu : IUnaryFunction
{
    public static float Apply(float x, float alpha) => x / (1f + MathF.Exp(-x));
    public static Vector128<float> Apply(Vector128<float> x, float alpha) => x / (Vector128<float>.One + VectorMath.Exp(-x));
    public static Vector256<float> Apply(Vector256<float> x, float alpha) => x / (Vector256<float>.One + VectorMath.Exp(-x));
}

internal struct Exp : IUnaryFunction
{
    public static float Apply(float x, float alpha) => MathF.Exp(x);
    public static Vector128<float> Apply(Vector128<float> x, float alpha) => VectorMath.Exp(x);
    public static Vector256<float> Apply(Vector256<float> x, float alpha) => VectorMath.Exp(x);
}

internal struct Sqrt : IUnaryFunction
{
    public static float Apply(float x, float alpha) => MathF.Sqrt(x);
    public static Vector128<float> Apply(Vector128<float> x, float alpha) => Vector128.Sqrt(x);
    public static Vector256<float> Apply(Vector256<float> x, float alpha) => Vector256.Sqrt(x);
}

internal struct Abs : IUnaryFunction
{
    public static float Apply(float x, float alpha) => MathF.Abs(x);
    public static Vector128<float> Apply(Vector128<float> x, float alpha) => Vector128.Abs(x);
    public static Vector256<float> Apply(Vector256<float> x, float alpha) => Vector256.Abs(x);
}

internal struct Square : IUnaryFunction
{
    public static float Apply(float x, float alpha) => x * x;
    public static Vector128<float> Apply(Vector128<float> x, float alpha) => x * x;
    public static Vector256<float> Apply(Vector256<float> x, float alpha) => x * x;
}

/// <summary>Functions without a vector form: computed per element (tanh, exact-erf GELU).</summary>
internal struct Tanh : IUnaryFunction
{
    public static float Apply(float x, float alpha) => MathF.Tanh(x);
    public static Vector128<float> Apply(Vector128<float> x, float alpha) => Vector128.Create(Apply(x[0], 0), Apply(x[1], 0), Apply(x[2], 0), Apply(x[3], 0));
    public static Vector256<float> Apply(Vector256<float> x, float alpha) => Vector256.Create(Apply(x.GetLower(), 0), Apply(x.GetUpper(), 0));
}

/// <summary>GELU, 0.5·x·(1 + erf(x/√2)), with erf evaluated in double.</summary>
internal struct Gelu : IUnaryFunction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Apply(float x, float alpha) => (float)(0.5 * x * (1 + VectorMath.Erf(x * 0.70710678118654752)));
    public static Vector128<float> Apply(Vector128<float> x, float alpha) => Vector128.Create(Apply(x[0], 0), Apply(x[1], 0), Apply(x[2], 0), Apply(x[3], 0));
    public static Vector256<float> Apply(Vector256<float> x, float alpha) => Vector256.Create(Apply(x.GetLower(), 0), Apply(x.GetUpper(), 0));
}

using ILGPU.Algorithms;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Gpu.Kernels;

/// <summary>Scalar functions shared by the kernels (ILGPU.Algorithms' XMath for the transcendental ones).</summary>
internal static class DeviceMath
{
    /// <summary>The <see cref="UnaryOp"/> <paramref name="op"/> (its integer value) of x.</summary>
    public static float Unary(int op, float x, float alpha)
    {
        switch (op)
        {
            case (int)UnaryOp.Relu: return x > 0 ? x : 0f;
            case (int)UnaryOp.LeakyRelu: return x >= 0 ? x : x * alpha;
            case (int)UnaryOp.Gelu: return 0.5f * x * (1f + Erf(x * 0.70710678f));
            case (int)UnaryOp.Silu: return x / (1f + XMath.Exp(-x));
            case (int)UnaryOp.Sigmoid: return 1f / (1f + XMath.Exp(-x));
            case (int)UnaryOp.Tanh: return XMath.Tanh(x);
            case (int)UnaryOp.Exp: return XMath.Exp(x);
            case (int)UnaryOp.Sqrt: return XMath.Sqrt(x);
            case (int)UnaryOp.Abs: return XMath.Abs(x);
            default: return x * x;
        }
    }

    /// <summary>The <see cref="BinaryOp"/> <paramref name="op"/> (its integer value) of a and b.</summary>
    public static float Binary(int op, float a, float b)
    {
        switch (op)
        {
            case (int)BinaryOp.Add: return a + b;
            case (int)BinaryOp.Subtract: return a - b;
            case (int)BinaryOp.Multiply: return a * b;
            case (int)BinaryOp.Divide: return a / b;
            case (int)BinaryOp.Maximum: return XMath.Max(a, b);
            default: return XMath.Min(a, b);
        }
    }

    /// <summary>
    /// erf: its Maclaurin series below 0.5, else Numerical Recipes' erfc Chebyshev fit (|error| &lt; 1.2e-7), the same
    /// split the CPU backend evaluates in double.
    /// </summary>
    public static float Erf(float x)
    {
        float z = XMath.Abs(x), result;
        if (z < 0.5f)
        {
            float z2 = z * z;
            result = 1.12837917f * z * (1 - z2 / 3 * (1 - z2 * 3 / 10 * (1 - z2 * 5 / 21 * (1 - z2 * 7 / 36 * (1 - z2 * 9 / 55)))));
        }
        else
        {
            float t = 1 / (1 + 0.5f * z);
            result = 1 - t * XMath.Exp(-z * z - 1.26551223f + t * (1.00002368f + t * (0.37409196f + t * (0.09678418f + t * (-0.18628806f
                + t * (0.27886807f + t * (-1.13520398f + t * (1.48851587f + t * (-0.82215223f + t * 0.17087277f)))))))));
        }
        return x < 0 ? -result : result;
    }
}

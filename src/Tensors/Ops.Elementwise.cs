namespace KDTalker.Tensors;

public static partial class Ops
{
    /// <summary>max(x, 0).</summary>
    public static Tensor Relu(Tensor x) => Unary(x, UnaryOp.Relu);

    /// <summary>Leaky ReLU; nn.LeakyReLU() uses slope 0.01, SPADE uses 0.2.</summary>
    public static Tensor LeakyRelu(Tensor x, float slope = 0.01f) => Unary(x, UnaryOp.LeakyRelu, slope);

    /// <summary>Exact (erf) GELU.</summary>
    public static Tensor Gelu(Tensor x) => Unary(x, UnaryOp.Gelu);

    /// <summary>x·sigmoid(x).</summary>
    public static Tensor Silu(Tensor x) => Unary(x, UnaryOp.Silu);

    /// <summary>Logistic sigmoid.</summary>
    public static Tensor Sigmoid(Tensor x) => Unary(x, UnaryOp.Sigmoid);

    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor Tanh(Tensor x) => Unary(x, UnaryOp.Tanh);

    /// <summary>e^x.</summary>
    public static Tensor Exp(Tensor x) => Unary(x, UnaryOp.Exp);

    /// <summary>Square root.</summary>
    public static Tensor Sqrt(Tensor x) => Unary(x, UnaryOp.Sqrt);

    /// <summary>|x|.</summary>
    public static Tensor Abs(Tensor x) => Unary(x, UnaryOp.Abs);

    /// <summary>x².</summary>
    public static Tensor Square(Tensor x) => Unary(x, UnaryOp.Square);

    /// <summary>Any element-wise function; <paramref name="alpha"/> is the LeakyRelu slope.</summary>
    public static Tensor Unary(Tensor x, UnaryOp op, float alpha = 0f)
    {
        using var contiguous = x.Contiguous();
        return x.Backend.Unary(contiguous, op, alpha);
    }

    /// <summary>x·scale + shift.</summary>
    public static Tensor Affine(Tensor x, float scale, float shift)
    {
        using var contiguous = x.Contiguous();
        return x.Backend.Affine(contiguous, scale, shift);
    }

    /// <summary>a + b with broadcasting.</summary>
    public static Tensor Add(Tensor a, Tensor b) => Binary(a, b, BinaryOp.Add);

    /// <summary>a − b with broadcasting.</summary>
    public static Tensor Subtract(Tensor a, Tensor b) => Binary(a, b, BinaryOp.Subtract);

    /// <summary>a · b with broadcasting.</summary>
    public static Tensor Multiply(Tensor a, Tensor b) => Binary(a, b, BinaryOp.Multiply);

    /// <summary>a / b with broadcasting.</summary>
    public static Tensor Divide(Tensor a, Tensor b) => Binary(a, b, BinaryOp.Divide);

    /// <summary>Element-wise max with broadcasting.</summary>
    public static Tensor Maximum(Tensor a, Tensor b) => Binary(a, b, BinaryOp.Maximum);

    /// <summary>Element-wise min with broadcasting.</summary>
    public static Tensor Minimum(Tensor a, Tensor b) => Binary(a, b, BinaryOp.Minimum);

    /// <summary>a op b after NumPy broadcasting of both shapes.</summary>
    public static Tensor Binary(Tensor a, Tensor b, BinaryOp op)
    {
        SameBackend(a, b, "The second operand");
        var shape = ShapeMath.BroadcastShape(a.Shape, b.Shape);
        using var left = a.Expand(shape);
        using var right = b.Expand(shape);
        return a.Backend.Binary(left, right, op);
    }
}

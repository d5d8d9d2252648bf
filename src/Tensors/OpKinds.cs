namespace KDTalker.Tensors;

/// <summary>Element-wise functions of one tensor.</summary>
public enum UnaryOp
{
    /// <summary>max(x, 0).</summary>
    Relu,
    /// <summary>x for x &gt;= 0, alpha·x otherwise (PyTorch's default slope is 0.01).</summary>
    LeakyRelu,
    /// <summary>Exact GELU, 0.5·x·(1 + erf(x/√2)).</summary>
    Gelu,
    /// <summary>x·sigmoid(x).</summary>
    Silu,
    /// <summary>1/(1 + e^-x).</summary>
    Sigmoid,
    /// <summary>Hyperbolic tangent.</summary>
    Tanh,
    /// <summary>e^x.</summary>
    Exp,
    /// <summary>Square root.</summary>
    Sqrt,
    /// <summary>|x|.</summary>
    Abs,
    /// <summary>x·x.</summary>
    Square,
}

/// <summary>Element-wise functions of two tensors of the same (broadcast) shape.</summary>
public enum BinaryOp
{
    /// <summary>a + b.</summary>
    Add,
    /// <summary>a − b.</summary>
    Subtract,
    /// <summary>a · b.</summary>
    Multiply,
    /// <summary>a / b.</summary>
    Divide,
    /// <summary>max(a, b).</summary>
    Maximum,
    /// <summary>min(a, b).</summary>
    Minimum,
}

/// <summary>Reductions along an axis.</summary>
public enum ReduceOp
{
    /// <summary>Σ x.</summary>
    Sum,
    /// <summary>Σ x / n.</summary>
    Mean,
    /// <summary>Biased variance Σ (x − mean)² / n, as torch.var(unbiased=False) and the norms use.</summary>
    Variance,
    /// <summary>max x.</summary>
    Max,
}

using KDTalker.Tensors;
using KDTalker.Tests.Support;

namespace KDTalker.Tests.Reference;

/// <summary>Float64 element-wise functions, broadcasting and reductions, from their definitions.</summary>
public static class ElementwiseReference
{
    public static double Unary(UnaryOp op, double x, double alpha) => op switch
    {
        UnaryOp.Relu => Math.Max(x, 0),
        UnaryOp.LeakyRelu => x >= 0 ? x : alpha * x,
        UnaryOp.Gelu => 0.5 * x * (1 + Erf(x / Math.Sqrt(2))),
        UnaryOp.Silu => x / (1 + Math.Exp(-x)),
        UnaryOp.Sigmoid => 1 / (1 + Math.Exp(-x)),
        UnaryOp.Tanh => Math.Tanh(x),
        UnaryOp.Exp => Math.Exp(x),
        UnaryOp.Sqrt => Math.Sqrt(x),
        UnaryOp.Abs => Math.Abs(x),
        UnaryOp.Square => x * x,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static double Binary(BinaryOp op, double a, double b) => op switch
    {
        BinaryOp.Add => a + b,
        BinaryOp.Subtract => a - b,
        BinaryOp.Multiply => a * b,
        BinaryOp.Divide => a / b,
        BinaryOp.Maximum => Math.Max(a, b),
        _ => Math.Min(a, b),
    };

    /// <summary>
    /// erf to ~1e-15: Maclaurin series for |x| &lt; 2.5, else 1 − erfc with erfc from its continued fraction
    /// erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) evaluated backwards.
    /// </summary>
    public static double Erf(double x)
    {
        double z = Math.Abs(x);
        if (z < 2.5)
        {
            double term = z, sum = z;
            for (int n = 1; n < 100; n++)
            {
                term *= -z * z / n;
                sum += term / (2 * n + 1);
            }
            return Math.CopySign(2 / Math.Sqrt(Math.PI) * sum, x);
        }
        double fraction = z;
        for (int n = 80; n >= 1; n--)
            fraction = z + n / 2.0 / fraction;
        return Math.CopySign(1 - Math.Exp(-z * z) / Math.Sqrt(Math.PI) / fraction, x);
    }

    public static RefTensor Map(RefTensor x, Func<double, double> f) => new(x.Shape, x.Data.Select(f).ToArray());

    /// <summary>NumPy broadcasting of two arrays.</summary>
    public static RefTensor Broadcast(RefTensor a, RefTensor b, Func<double, double, double> f)
    {
        var shape = ShapeMath.BroadcastShape(a.Shape, b.Shape);
        var result = new RefTensor(shape);
        for (int i = 0; i < result.Length; i++)
        {
            var index = result.Unravel(i);
            result.Data[i] = f(a[Project(index, a.Shape)], b[Project(index, b.Shape)]);
        }
        return result;
    }

    /// <summary>Reduction over a set of axes.</summary>
    public static RefTensor Reduce(RefTensor x, ReduceOp op, int[] axes, bool keepDims)
    {
        var reduced = Enumerable.Range(0, x.Rank).Select(i => axes.Length == 0 || axes.Select(a => (a + x.Rank) % x.Rank).Contains(i)).ToArray();
        var groups = new Dictionary<string, List<double>>();
        var order = new List<string>();
        for (int i = 0; i < x.Length; i++)
        {
            var index = x.Unravel(i);
            string key = string.Join(",", index.Where((_, axis) => !reduced[axis]));
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
                order.Add(key);
            }
            list.Add(x.Data[i]);
        }
        var shape = Enumerable.Range(0, x.Rank).Where(i => !reduced[i] || keepDims).Select(i => reduced[i] ? 1 : x.Shape[i]).ToArray();
        var values = order.Select(k => groups[k]).Select(v => op switch
        {
            ReduceOp.Sum => v.Sum(),
            ReduceOp.Mean => v.Average(),
            ReduceOp.Variance => v.Select(e => (e - v.Average()) * (e - v.Average())).Average(),
            _ => v.Max(),
        }).ToArray();
        return new RefTensor(shape, values);
    }

    /// <summary>Softmax along one axis.</summary>
    public static RefTensor Softmax(RefTensor x, int axis)
    {
        var result = new RefTensor(x.Shape);
        for (int i = 0; i < x.Length; i++)
        {
            var index = x.Unravel(i);
            double max = double.NegativeInfinity, sum = 0;
            for (int l = 0; l < x.Shape[axis]; l++)
                max = Math.Max(max, x[With(index, axis, l)]);
            for (int l = 0; l < x.Shape[axis]; l++)
                sum += Math.Exp(x[With(index, axis, l)] - max);
            result.Data[i] = Math.Exp(x.Data[i] - max) / sum;
        }
        return result;
    }

    public static int[] With(int[] index, int axis, int value)
    {
        var copy = (int[])index.Clone();
        copy[axis] = value;
        return copy;
    }

    private static int[] Project(int[] index, int[] shape)
    {
        var projected = new int[shape.Length];
        for (int i = 0; i < shape.Length; i++)
            projected[i] = shape[i] == 1 ? 0 : index[i + index.Length - shape.Length];
        return projected;
    }
}

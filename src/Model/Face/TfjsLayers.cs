using KDTalker.Tensors;
using KDTalker.WeightsConverter.TensorFlowJs;

namespace KDTalker.Model.Face;

/// <summary>
/// TensorFlow.js weights as our tensors, with TF's layouts converted to ours: conv filters HWIO → OIHW, depthwise
/// filters [kh, kw, in, 1] → (in, 1, kh, kw), and the TF padding rules the face networks use.
/// </summary>
internal sealed class TfjsLayers(IReadOnlyDictionary<string, TfjsTensor> weights, IBackend backend, string source)
{
    /// <summary>A 1-D tensor (bias).</summary>
    public Tensor Vector(string name, int length)
    {
        var t = Get(name, [length]);
        return Ops.FromSpan(backend, t.Values, length);
    }

    /// <summary>A regular conv filter [kh, kw, in, out] as (out, in, kh, kw).</summary>
    public Tensor Filters(string name, int kernel, int input, int output) => Permuted(Get(name, [kernel, kernel, input, output]), output, input, kernel,
        (o, i, h, w) => ((h * kernel + w) * input + i) * output + o);

    /// <summary>A depthwise filter [kh, kw, channels, 1] as (channels, 1, kh, kw).</summary>
    public Tensor Depthwise(string name, int kernel, int channels) => Permuted(Get(name, [kernel, kernel, channels, 1]), channels, 1, kernel,
        (o, _, h, w) => (h * kernel + w) * channels + o);

    /// <summary>A dense matrix [in, out] as is (x·W).</summary>
    public Tensor Matrix(string name, int input, int output) => Ops.FromSpan(backend, Get(name, [input, output]).Values, input, output);

    private Tensor Permuted(TfjsTensor t, int output, int input, int kernel, Func<int, int, int, int, int> sourceIndex)
    {
        var values = new float[output * input * kernel * kernel];
        for (int o = 0; o < output; o++)
            for (int i = 0; i < input; i++)
                for (int h = 0; h < kernel; h++)
                    for (int w = 0; w < kernel; w++)
                        values[((o * input + i) * kernel + h) * kernel + w] = t.Values[sourceIndex(o, i, h, w)];
        return Ops.FromSpan(backend, values, output, input, kernel, kernel);
    }

    private TfjsTensor Get(string name, int[] shape)
    {
        if (!weights.TryGetValue(name, out var tensor))
            throw new InvalidDataException($"{source} has no tensor '{name}'. Is it the right face-api model?");
        if (!tensor.Shape.SequenceEqual(shape))
            throw new InvalidDataException($"{source}: tensor '{name}' is [{string.Join(", ", tensor.Shape)}], expected [{string.Join(", ", shape)}].");
        return tensor;
    }

    /// <summary>x padded with <paramref name="value"/> by one row at the bottom and one column at the right (TF 'SAME' odd padding).</summary>
    public static Tensor PadBottomRight(Tensor x, float value)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        using var column = Ops.Full(x.Backend, value, n, c, h, 1);
        using var wide = Ops.Concat([x, column], 3);
        using var row = Ops.Full(x.Backend, value, n, c, 1, w + 1);
        return Ops.Concat([wide, row], 2);
    }

    /// <summary>TF max_pool 2×2 'SAME' with stride 2 (odd sizes padded at the bottom/right with −∞).</summary>
    public static Tensor MaxPoolStride2(Tensor x)
    {
        int h = x.Shape[2], w = x.Shape[3];
        using var padded = h % 2 == 1 || w % 2 == 1 ? PadToEven(x) : x.Contiguous();
        int n = padded.Shape[0], c = padded.Shape[1], ph = padded.Shape[2], pw = padded.Shape[3];
        using var blocks = padded.View(n, c, ph / 2, 2, pw / 2, 2);
        return Ops.Max(blocks, [3, 5]);
    }

    /// <summary>TF max_pool 2×2 'SAME' with stride 1: the size is kept, the last row/column see −∞ beyond the edge.</summary>
    public static Tensor MaxPoolStride1(Tensor x)
    {
        int h = x.Shape[2], w = x.Shape[3];
        using var padded = PadBottomRight(x, float.NegativeInfinity);
        Tensor Shift(int dy, int dx)
        {
            using var rows = padded.Narrow(2, dy, h);
            return rows.Narrow(3, dx, w);
        }
        using var a = Shift(0, 0);
        using var b = Shift(0, 1);
        using var c = Shift(1, 0);
        using var d = Shift(1, 1);
        using var ab = Ops.Maximum(a, b);
        using var cd = Ops.Maximum(c, d);
        return Ops.Maximum(ab, cd);
    }

    private static Tensor PadToEven(Tensor x)
    {
        using var padded = PadBottomRight(x, float.NegativeInfinity);
        int h = x.Shape[2] + x.Shape[2] % 2, w = x.Shape[3] + x.Shape[3] % 2;
        using var rows = padded.Narrow(2, 0, h);
        using var cropped = rows.Narrow(3, 0, w);
        return cropped.Contiguous();
    }
}

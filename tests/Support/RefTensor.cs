namespace KDTalker.Tests.Support;

/// <summary>
/// A plain row-major float64 array with a shape: the independent truth the op tests compare against.
/// Reference ops (tests/Reference) are straightforward loops over these, written from the PyTorch
/// definitions, sharing no code with the kernels.
/// </summary>
public sealed class RefTensor
{
    public RefTensor(int[] shape, double[]? data = null)
    {
        Shape = shape;
        Strides = new int[shape.Length];
        int stride = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            Strides[i] = stride;
            stride *= shape[i];
        }
        Data = data ?? new double[stride];
        if (Data.Length != stride)
            throw new ArgumentException($"{Data.Length} values for shape ({string.Join(",", shape)}).");
    }

    public int[] Shape { get; }
    public int[] Strides { get; }
    public double[] Data { get; }
    public int Rank => Shape.Length;
    public int Length => Data.Length;

    public int Index(params int[] index)
    {
        int offset = 0;
        for (int i = 0; i < index.Length; i++)
            offset += index[i] * Strides[i];
        return offset;
    }

    public double this[params int[] index]
    {
        get => Data[Index(index)];
        set => Data[Index(index)] = value;
    }

    /// <summary>Multi-index of flat position <paramref name="flat"/>.</summary>
    public int[] Unravel(int flat)
    {
        var index = new int[Rank];
        for (int i = Rank - 1; i >= 0; i--)
        {
            index[i] = flat % Shape[i];
            flat /= Shape[i];
        }
        return index;
    }

    public float[] ToFloat() => Data.Select(v => (float)v).ToArray();

    /// <summary>Uniform random values in [lo, hi), rounded to float32 so both sides see the same inputs.</summary>
    public static RefTensor Random(Random rng, int[] shape, double lo = -1, double hi = 1)
    {
        var t = new RefTensor(shape);
        for (int i = 0; i < t.Length; i++)
            t.Data[i] = (float)(lo + (hi - lo) * rng.NextDouble());
        return t;
    }

    public static RefTensor FromFloat(float[] values, params int[] shape) => new(shape, values.Select(v => (double)v).ToArray());
}

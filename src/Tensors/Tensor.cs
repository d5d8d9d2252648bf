namespace KDTalker.Tensors;

/// <summary>
/// A dense float32 tensor of any rank: a shape and element strides over a <see cref="TensorStorage"/>
/// that belongs to one <see cref="IBackend"/>. Views (reshape, permute, narrow, expand...) share the
/// storage without copying. Every tensor must be disposed; the storage is freed with its last view.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private readonly int[] _shape;
    private readonly int[] _strides;
    private int _disposed;

    private Tensor(IBackend backend, TensorStorage storage, int offset, int[] shape, int[] strides)
    {
        Backend = backend;
        Storage = storage;
        Offset = offset;
        _shape = shape;
        _strides = strides;
        Length = ShapeMath.ElementCount(shape);
        IsContiguous = ComputeIsContiguous(shape, strides);
    }

    /// <summary>
    /// Wraps fresh storage as a contiguous tensor of <paramref name="shape"/>; the tensor takes over
    /// the storage's initial reference. For backends.
    /// </summary>
    public static Tensor FromStorage(IBackend backend, TensorStorage storage, ReadOnlySpan<int> shape)
    {
        int length = ShapeMath.ElementCount(shape);
        if (length > storage.Length)
            throw new ArgumentException($"Storage of {storage.Length} elements is too small for shape {ShapeMath.Format(shape)}.");
        return new Tensor(backend, storage, 0, shape.ToArray(), ShapeMath.ContiguousStrides(shape));
    }

    /// <summary>The backend that owns the storage and runs every op on this tensor.</summary>
    public IBackend Backend { get; }

    /// <summary>The memory this tensor is a view of.</summary>
    public TensorStorage Storage { get; }

    /// <summary>Index of element [0, 0, ...] in <see cref="Storage"/>.</summary>
    public int Offset { get; }

    /// <summary>Size of each dimension.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Distance in elements between neighbours along each dimension (0 for broadcast axes).</summary>
    public ReadOnlySpan<int> Strides => _strides;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>True when the elements are laid out row-major without gaps, starting at <see cref="Offset"/>.</summary>
    public bool IsContiguous { get; }

    /// <summary>Size of one dimension; negative axes count from the end.</summary>
    public int Dim(int axis) => _shape[ShapeMath.NormalizeAxis(axis, Rank)];

    /// <summary>A copy of the shape.</summary>
    public int[] ShapeArray() => (int[])_shape.Clone();

    /// <summary>Copies the elements, in row-major order, to <paramref name="destination"/>.</summary>
    public void CopyTo(Span<float> destination)
    {
        if (destination.Length < Length)
            throw new ArgumentException($"Destination holds {destination.Length} elements; the tensor has {Length}.");
        Backend.Download(this, destination[..Length]);
    }

    /// <summary>The elements in row-major order.</summary>
    public float[] ToArray()
    {
        var result = new float[Length];
        CopyTo(result);
        return result;
    }

    /// <summary>Releases this view's reference to the storage.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            Storage.Release();
    }

    /// <inheritdoc />
    public override string ToString() => $"Tensor{ShapeMath.Format(_shape)} on {Backend.Name}";

    private static bool ComputeIsContiguous(int[] shape, int[] strides)
    {
        int expected = 1;
        for (int axis = shape.Length - 1; axis >= 0; axis--)
        {
            if (shape[axis] == 1)
                continue;
            if (strides[axis] != expected)
                return false;
            expected *= shape[axis];
        }
        return true;
    }
}

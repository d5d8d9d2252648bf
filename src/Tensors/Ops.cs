namespace KDTalker.Tensors;

/// <summary>
/// The op surface networks call, in PyTorch's functional style. Each op checks its arguments,
/// works out the output shape, makes inputs contiguous where the backend needs it and dispatches
/// to the backend of its first tensor. Every result is a new tensor the caller must dispose.
/// </summary>
public static partial class Ops
{
    private static void SameBackend(Tensor first, Tensor? other, string name)
    {
        if (other is not null && !ReferenceEquals(first.Backend, other.Backend))
            throw new ArgumentException($"{name} lives on backend '{other.Backend.Name}', but the op runs on '{first.Backend.Name}'.");
    }

    private static void RequireRank(Tensor x, int rank, string op, string layout)
    {
        if (x.Rank != rank)
            throw new ArgumentException($"{op} expects a rank-{rank} tensor {layout}, got {x}.");
    }

    private static void RequireVector(Tensor? t, int length, string op, string name)
    {
        if (t is not null && t.Length != length)
            throw new ArgumentException($"{op}: {name} has {t.Length} elements ({ShapeMath.Format(t.Shape)}); expected {length}.");
    }

    /// <summary>A contiguous view or copy; null stays null.</summary>
    private static Tensor? ContiguousOrNull(Tensor? t) => t?.Contiguous();
}

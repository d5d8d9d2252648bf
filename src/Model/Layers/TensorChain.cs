using KDTalker.Tensors;

namespace KDTalker.Model.Layers;

/// <summary>Helpers for forward passes that thread one tensor through many layers.</summary>
internal static class TensorChain
{
    /// <summary>Disposes the current tensor and continues with the next one.</summary>
    public static void Replace(ref Tensor current, Tensor next)
    {
        current.Dispose();
        current = next;
    }
}

using KDTalker.Tensors;

namespace KDTalker.Model.Layers;

/// <summary>
/// Receives named intermediate tensors during a forward pass (the golden-case runner compares them with
/// upstream's). The tensor belongs to the caller and is only valid during the call: copy what you keep.
/// </summary>
public interface ITensorProbe
{
    /// <summary>Called with an intermediate named as in the fixtures (e.g. "down_blocks_out").</summary>
    void Capture(string name, Tensor value);
}

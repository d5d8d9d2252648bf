using KDTalker.Tensors;

namespace KDTalker.Model.Layers;

/// <summary>Named tensors a network's weights come from, keyed by PyTorch state_dict names.</summary>
public interface IWeightSource
{
    /// <summary>A description for error messages (e.g. the file path).</summary>
    string Description { get; }

    /// <summary>True when a tensor of this name exists.</summary>
    bool Contains(string name);

    /// <summary>The shape of a tensor.</summary>
    int[] Shape(string name);

    /// <summary>Loads a tensor as float32 onto a backend.</summary>
    Tensor Load(string name, IBackend backend);
}

using KDTalker.Tensors;
using KDTalker.Tensors.SafeTensors;

namespace KDTalker.Model.Layers;

/// <summary>Weights read lazily from an open safetensors file.</summary>
public sealed class SafeTensorsWeightSource(SafeTensorsFile file) : IWeightSource
{
    /// <inheritdoc />
    public string Description => file.Path;

    /// <inheritdoc />
    public bool Contains(string name) => file.Contains(name);

    /// <inheritdoc />
    public int[] Shape(string name) => file.Entry(name).ShapeInt32;

    /// <inheritdoc />
    public Tensor Load(string name, IBackend backend) => file.ReadTensor(name, backend);
}

using System.Text.Json;
using KDTalker.Model.Layers;
using KDTalker.Tensors;

namespace KDTalker.Model.SelfTest;

/// <summary>
/// Runs one kind of golden case: rebuilds the module from the case's config and .pth, feeds it the
/// recorded inputs and compares every output and intermediate it can produce. Tolerances follow the
/// tests/fixtures/README.md: modules 1e-4 absolute, [0, 1] images 2e-5, 8-bit images ±1 (truncation flips).
/// </summary>
internal abstract class GoldenRunner
{
    protected const double ModuleTolerance = 1e-4, ImageTolerance = 2e-5, ByteTolerance = 1;

    /// <summary>True when this runner understands the config's module string.</summary>
    public abstract bool Handles(string module);

    /// <summary>True when this runner can run the case (by default: by its config's module string).</summary>
    public virtual bool Handles(GoldenCase golden) => Handles(golden.Module);

    /// <summary>Runs the case and returns its comparisons.</summary>
    public abstract IReadOnlyList<GoldenComparison> Run(GoldenCase golden, IBackend backend);

    protected static GoldenComparison Compare(GoldenCase golden, string name, ReadOnlySpan<float> actual, double tolerance) =>
        GoldenComparison.Of(name, actual, golden.Tensors.ReadFloat32(name), tolerance);

    protected static GoldenComparison Compare(GoldenCase golden, string name, Tensor actual, double tolerance) =>
        Compare(golden, name, actual.ToArray(), tolerance);

    /// <summary>A float64 (or float32, widened) tensor of the case.</summary>
    protected static double[] ReadFloat64(GoldenCase golden, string name)
    {
        var entry = golden.Tensors.Entry(name);
        if (entry.DType == KDTalker.Tensors.SafeTensors.SafeTensorsDType.F64)
            return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(golden.Tensors.Bytes(name)).ToArray();
        return Array.ConvertAll(golden.Tensors.ReadFloat32(name), v => (double)v);
    }

    protected static int Int(JsonElement parameters, string name) => parameters.GetProperty(name).GetInt32();
}

using KDTalker.Tensors;

namespace KDTalker.Bench;

/// <summary>One benchmarked op at one shape: its inputs, the op, and the floating-point work it does.</summary>
public sealed class KernelCase(string group, string shape, double flops, Func<IBackend, Tensor[]> inputs, Func<Tensor[], Tensor> run)
{
    public string Group => group;

    public string Shape => shape;

    /// <summary>Floating-point operations per call (2 per multiply-accumulate), or 0 for memory-bound ops.</summary>
    public double Flops => flops;

    public Tensor[] Inputs(IBackend backend) => inputs(backend);

    public Tensor Run(Tensor[] arguments) => run(arguments);

    public override string ToString() => $"{group} {shape}";
}

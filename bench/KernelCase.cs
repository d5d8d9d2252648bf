using KDTalker.Tensors;

namespace KDTalker.Bench;

/// <summary>
/// One benchmarked op at one shape: its inputs, the op, the floating-point work a direct algorithm does, and (for a
/// fast algorithm such as Winograd) the work it actually executes.
/// </summary>
public sealed class KernelCase(string group, string shape, double flops, Func<IBackend, Tensor[]> inputs, Func<Tensor[], Tensor> run,
    double? executedFlops = null, bool direct = false)
{
    public string Group => group;

    public string Shape => shape;

    /// <summary>Floating-point operations per call (2 per multiply-accumulate), or 0 for memory-bound ops.</summary>
    public double Flops => flops;

    /// <summary>Operations the algorithm executes (Winograd's 36 products per 4×4 tile), or <see cref="Flops"/>.</summary>
    public double ExecutedFlops => executedFlops ?? flops;

    /// <summary>True when the case runs on the direct-convolution backend.</summary>
    public bool Direct => direct;

    public Tensor[] Inputs(IBackend backend) => inputs(backend);

    public Tensor Run(Tensor[] arguments) => run(arguments);

    public override string ToString() => $"{group} {shape}";
}

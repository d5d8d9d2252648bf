using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public Tensor LayerNorm(Tensor x, Tensor? weight, Tensor? bias, float eps, AxisSplit split) => throw new NotImplementedException();

    /// <inheritdoc />
    public Tensor BatchNorm(Tensor x, Tensor mean, Tensor variance, Tensor? weight, Tensor? bias, float eps) => throw new NotImplementedException();

    /// <inheritdoc />
    public Tensor GlobalResponseNorm(Tensor x, Tensor gamma, Tensor beta, float eps) => throw new NotImplementedException();
}

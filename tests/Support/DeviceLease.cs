using KDTalker.Kernels.Gpu;
using KDTalker.Tensors;
using Xunit;

namespace KDTalker.Tests.Support;

/// <summary>
/// A test's turn on a shared <see cref="IlgpuBackend"/>: every call goes to the device (tensors belong to it, so ops
/// on them run there too); disposing the lease ends the turn and fails the test if a buffer released during it had
/// its guard region written (an out-of-bounds write by a kernel). The live-storage count is frozen when the turn ends:
/// the next test's tensors on the shared device are not this test's leaks.
/// </summary>
internal sealed class DeviceLease(IlgpuBackend device, Action release) : IBackend
{
    private readonly int _violationsBefore = device.GuardViolations.Count;
    private bool _released;
    private long _liveAtRelease;

    public IlgpuBackend Device => device;

    public string Name => device.Name;

    public string Description => device.Description;

    public long LiveStorages => _released ? _liveAtRelease : device.LiveStorages;

    public Tensor Empty(ReadOnlySpan<int> shape) => device.Empty(shape);

    public Tensor Upload(ReadOnlySpan<float> source, ReadOnlySpan<int> shape) => device.Upload(source, shape);

    public void Download(Tensor source, Span<float> destination) => device.Download(source, destination);

    public void Copy(Tensor source, Tensor destination) => device.Copy(source, destination);

    public void Fill(Tensor destination, float value) => device.Fill(destination, value);

    public Tensor Unary(Tensor x, UnaryOp op, float alpha) => device.Unary(x, op, alpha);

    public Tensor Affine(Tensor x, float scale, float shift) => device.Affine(x, scale, shift);

    public Tensor Binary(Tensor a, Tensor b, BinaryOp op) => device.Binary(a, b, op);

    public Tensor Reduce(Tensor x, ReduceOp op, AxisSplit split, ReadOnlySpan<int> outputShape) => device.Reduce(x, op, split, outputShape);

    public Tensor Softmax(Tensor x, AxisSplit split) => device.Softmax(x, split);

    public Tensor LayerNorm(Tensor x, Tensor? weight, Tensor? bias, float eps, AxisSplit split) => device.LayerNorm(x, weight, bias, eps, split);

    public Tensor BatchNorm(Tensor x, Tensor mean, Tensor variance, Tensor? weight, Tensor? bias, float eps) => device.BatchNorm(x, mean, variance, weight, bias, eps);

    public Tensor GlobalResponseNorm(Tensor x, Tensor gamma, Tensor beta, float eps) => device.GlobalResponseNorm(x, gamma, beta, eps);

    public Tensor MatMul(Tensor a, Tensor b, Tensor? bias) => device.MatMul(a, b, bias);

    public Tensor Convolution(Tensor x, Tensor weight, Tensor? bias, ConvGeometry geometry, ConvolutionEpilogue epilogue) =>
        device.Convolution(x, weight, bias, geometry, epilogue);

    public Tensor AvgPool(Tensor x, ReadOnlySpan<int> kernel) => device.AvgPool(x, kernel);

    public Tensor UpsampleNearest(Tensor x, ReadOnlySpan<int> outputSize) => device.UpsampleNearest(x, outputSize);

    public Tensor GridSample(Tensor x, Tensor grid) => device.GridSample(x, grid);

    public Tensor Attention(Tensor q, Tensor k, Tensor v, float scale, Tensor? bias, Tensor? rotaryCos, Tensor? rotarySin) =>
        device.Attention(q, k, v, scale, bias, rotaryCos, rotarySin);

    public void Dispose()
    {
        if (_released)
            return;
        _liveAtRelease = device.LiveStorages;
        _released = true;
        var violations = device.GuardViolations.Skip(_violationsBefore).ToList();
        release();
        Assert.True(violations.Count == 0, $"{device.Description}: out-of-bounds writes: {string.Join("; ", violations)}");
    }
}

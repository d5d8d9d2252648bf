using KDTalker.Model.Layers;
using KDTalker.Tensors;

namespace KDTalker.Model.Renderer;

/// <summary>
/// LivePortrait SameBlock2d: Conv2d(k, pad) → BatchNorm2d → ReLU (or LeakyReLU 0.01). Keys conv.*, norm.*;
/// the norm is folded into the conv at load time.
/// </summary>
internal sealed class SameBlock2d(WeightScope scope, int inChannels, int outChannels, int kernel = 3, int padding = 1, bool leaky = false) : IDisposable
{
    private readonly Convolution _conv = new(scope["conv"], scope["norm"], inChannels, outChannels, [kernel, kernel], [1, 1], [padding, padding]);

    public Tensor Forward(Tensor x) =>
        _conv.Forward(x, leaky ? ConvolutionEpilogue.Activate(UnaryOp.LeakyRelu, 0.01f) : ConvolutionEpilogue.Activate(UnaryOp.Relu));

    public void Dispose() => _conv.Dispose();
}

/// <summary>DownBlock2d / DownBlock3d: Conv(3, pad 1) → BatchNorm (folded) → ReLU → AvgPool (2×2, or (1,2,2) in 3-D).</summary>
internal sealed class DownBlock(WeightScope scope, int inChannels, int outChannels, bool volumetric) : IDisposable
{
    private readonly Convolution _conv = new(scope["conv"], scope["norm"], inChannels, outChannels, volumetric ? [3, 3, 3] : [3, 3],
        volumetric ? [1, 1, 1] : [1, 1], volumetric ? [1, 1, 1] : [1, 1]);

    public Tensor Forward(Tensor x)
    {
        using var activated = _conv.Forward(x, ConvolutionEpilogue.Activate(UnaryOp.Relu));
        return volumetric ? Ops.AvgPool3d(activated, 1, 2, 2) : Ops.AvgPool2d(activated, 2);
    }

    public void Dispose() => _conv.Dispose();
}

/// <summary>UpBlock3d: nearest upsampling ×(1,2,2) → Conv3d(3, pad 1) → BatchNorm3d (folded) → ReLU.</summary>
internal sealed class UpBlock3d(WeightScope scope, int inChannels, int outChannels) : IDisposable
{
    private readonly Convolution _conv = new(scope["conv"], scope["norm"], inChannels, outChannels, [3, 3, 3], [1, 1, 1], [1, 1, 1]);

    public Tensor Forward(Tensor x)
    {
        using var upsampled = Ops.UpsampleNearest(x, x.Shape[2], x.Shape[3] * 2, x.Shape[4] * 2);
        return _conv.Forward(upsampled, ConvolutionEpilogue.Activate(UnaryOp.Relu));
    }

    public void Dispose() => _conv.Dispose();
}

/// <summary>
/// ResBlock3d (pre-activation): x + conv2(relu(norm2(conv1(relu(norm1(x)))))), 3×3×3 convs; norm2 follows
/// conv1 and is folded into it.
/// </summary>
internal sealed class ResBlock3d(WeightScope scope, int channels) : IDisposable
{
    private readonly BatchNorm _norm1 = new(scope["norm1"], channels);
    private readonly Convolution _conv1 = new(scope["conv1"], scope["norm2"], channels, channels, [3, 3, 3], [1, 1, 1], [1, 1, 1]);
    private readonly Convolution _conv2 = new(scope["conv2"], channels, channels, [3, 3, 3], [1, 1, 1], [1, 1, 1]);

    public Tensor Forward(Tensor x)
    {
        using var n1 = _norm1.Forward(x);
        using var a1 = Ops.Relu(n1);
        using var a2 = _conv1.Forward(a1, ConvolutionEpilogue.Activate(UnaryOp.Relu));
        return _conv2.Forward(a2, ConvolutionEpilogue.Add(x));
    }

    public void Dispose()
    {
        _norm1.Dispose();
        _conv1.Dispose();
        _conv2.Dispose();
    }
}

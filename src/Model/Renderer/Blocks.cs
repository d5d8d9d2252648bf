using KDTalker.Model.Layers;
using KDTalker.Tensors;

namespace KDTalker.Model.Renderer;

/// <summary>LivePortrait SameBlock2d: Conv2d(k, pad) → BatchNorm2d → ReLU (or LeakyReLU 0.01). Keys conv.*, norm.*.</summary>
internal sealed class SameBlock2d(WeightScope scope, int inChannels, int outChannels, int kernel = 3, int padding = 1, bool leaky = false) : IDisposable
{
    private readonly Convolution _conv = new(scope["conv"], inChannels, outChannels, [kernel, kernel], [1, 1], [padding, padding]);
    private readonly BatchNorm _norm = new(scope["norm"], outChannels);

    public Tensor Forward(Tensor x)
    {
        using var convolved = _conv.Forward(x);
        using var normalised = _norm.Forward(convolved);
        return leaky ? Ops.LeakyRelu(normalised, 0.01f) : Ops.Relu(normalised);
    }

    public void Dispose()
    {
        _conv.Dispose();
        _norm.Dispose();
    }
}

/// <summary>DownBlock2d / DownBlock3d: Conv(3, pad 1) → BatchNorm → ReLU → AvgPool (2×2, or (1,2,2) in 3-D).</summary>
internal sealed class DownBlock(WeightScope scope, int inChannels, int outChannels, bool volumetric) : IDisposable
{
    private readonly Convolution _conv = new(scope["conv"], inChannels, outChannels, volumetric ? [3, 3, 3] : [3, 3], volumetric ? [1, 1, 1] : [1, 1], volumetric ? [1, 1, 1] : [1, 1]);
    private readonly BatchNorm _norm = new(scope["norm"], outChannels);

    public Tensor Forward(Tensor x)
    {
        using var convolved = _conv.Forward(x);
        using var normalised = _norm.Forward(convolved);
        using var activated = Ops.Relu(normalised);
        return volumetric ? Ops.AvgPool3d(activated, 1, 2, 2) : Ops.AvgPool2d(activated, 2);
    }

    public void Dispose()
    {
        _conv.Dispose();
        _norm.Dispose();
    }
}

/// <summary>UpBlock3d: nearest upsampling ×(1,2,2) → Conv3d(3, pad 1) → BatchNorm3d → ReLU.</summary>
internal sealed class UpBlock3d(WeightScope scope, int inChannels, int outChannels) : IDisposable
{
    private readonly Convolution _conv = new(scope["conv"], inChannels, outChannels, [3, 3, 3], [1, 1, 1], [1, 1, 1]);
    private readonly BatchNorm _norm = new(scope["norm"], outChannels);

    public Tensor Forward(Tensor x)
    {
        using var upsampled = Ops.UpsampleNearest(x, x.Shape[2], x.Shape[3] * 2, x.Shape[4] * 2);
        using var convolved = _conv.Forward(upsampled);
        using var normalised = _norm.Forward(convolved);
        return Ops.Relu(normalised);
    }

    public void Dispose()
    {
        _conv.Dispose();
        _norm.Dispose();
    }
}

/// <summary>ResBlock3d (pre-activation): x + conv2(relu(norm2(conv1(relu(norm1(x)))))), 3×3×3 convs.</summary>
internal sealed class ResBlock3d(WeightScope scope, int channels) : IDisposable
{
    private readonly BatchNorm _norm1 = new(scope["norm1"], channels), _norm2 = new(scope["norm2"], channels);
    private readonly Convolution _conv1 = new(scope["conv1"], channels, channels, [3, 3, 3], [1, 1, 1], [1, 1, 1]);
    private readonly Convolution _conv2 = new(scope["conv2"], channels, channels, [3, 3, 3], [1, 1, 1], [1, 1, 1]);

    public Tensor Forward(Tensor x)
    {
        using var n1 = _norm1.Forward(x);
        using var a1 = Ops.Relu(n1);
        using var c1 = _conv1.Forward(a1);
        using var n2 = _norm2.Forward(c1);
        using var a2 = Ops.Relu(n2);
        using var c2 = _conv2.Forward(a2);
        return Ops.Add(c2, x);
    }

    public void Dispose()
    {
        _norm1.Dispose();
        _norm2.Dispose();
        _conv1.Dispose();
        _conv2.Dispose();
    }
}

using KDTalker.Kernels.Cpu.Convolution;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    /// <remarks>The epilogue runs as separate passes (<see cref="ConvolutionEpilogue.ApplyUnfused"/>).</remarks>
    public Tensor Convolution(Tensor x, Tensor weight, Tensor? bias, ConvGeometry geometry, ConvolutionEpilogue epilogue) =>
        epilogue.ApplyUnfused(Convolution(x, weight, bias, geometry));

    private unsafe Tensor Convolution(Tensor x, Tensor weight, Tensor? bias, ConvGeometry geometry)
    {
        var result = Empty([geometry.Batch, geometry.OutChannels, .. geometry.OutputSize]);
        using var input = x.Contiguous();
        using var kernel = weight.Contiguous();
        using var biasVector = bias?.Contiguous();
        var shape = ConvolutionShape.From(geometry);
        float* source = Pointer(input), taps = Pointer(kernel), offsets = PointerOrNull(biasVector), target = Pointer(result);
        if (geometry.IsDepthwise)
            DepthwiseConvolution.Run(this, source, taps, offsets, target, geometry.Batch, geometry.OutChannels, shape);
        else
            ImplicitGemmConvolution.Run(this, source, taps, offsets, target, geometry.Batch, geometry.InChannels, geometry.OutChannels, geometry.Groups, shape);
        return result;
    }
}

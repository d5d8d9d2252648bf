using System.Runtime.CompilerServices;
using KDTalker.Kernels.Cpu.Convolution;
using KDTalker.Kernels.Cpu.Convolution.Winograd;
using KDTalker.Kernels.Cpu.Gemm;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <summary>
    /// Winograd-domain kernels, transformed on first use and kept as long as the weight's storage lives. Keyed by the
    /// storage (every call sees a fresh view of the same weight; a released storage is never rented out again, so a
    /// key cannot come back with other values): weights are parameters, never written after they are loaded.
    /// </summary>
    private readonly ConditionalWeakTable<TensorStorage, WinogradBanks> _winogradWeights = new();

    /// <inheritdoc />
    /// <remarks>
    /// Winograd convolutions apply the epilogue in their output transform; the direct path applies it as separate passes
    /// (<see cref="ConvolutionEpilogue.ApplyUnfused"/>), the reference the fused path matches.
    /// </remarks>
    public unsafe Tensor Convolution(Tensor x, Tensor weight, Tensor? bias, ConvGeometry geometry, ConvolutionEpilogue epilogue)
    {
        CountMultiplyAccumulates(geometry.MacCount);
        if (ConvolutionAlgorithm == ConvolutionAlgorithm.Auto && WinogradPolicy.Applies(geometry) && WinogradEpilogue.CanFuse(epilogue))
            return WinogradConvolution(x, weight, bias, geometry, epilogue);
        return epilogue.ApplyUnfused(DirectConvolution(x, weight, bias, geometry));
    }

    private unsafe Tensor DirectConvolution(Tensor x, Tensor weight, Tensor? bias, ConvGeometry geometry)
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

    /// <summary>
    /// F(4×4, 3×3) with the epilogue fused; a modulating epilogue splits the kernels into their γ and β banks, a 3×3×3
    /// kernel into one bank per depth tap.
    /// </summary>
    private unsafe Tensor WinogradConvolution(Tensor x, Tensor weight, Tensor? bias, ConvGeometry geometry, ConvolutionEpilogue epilogue)
    {
        int channels = epilogue.Modulated is null ? geometry.OutChannels : geometry.OutChannels / 2;
        var result = Empty([geometry.Batch, channels, .. geometry.OutputSize]);
        using var input = x.Contiguous();
        using var biasVector = bias?.Contiguous();
        using var residual = epilogue.Residual?.Contiguous();
        using var modulated = epilogue.Modulated?.Contiguous();
        int halves = epilogue.Modulated is null ? 1 : 2;
        int taps = geometry.SpatialRank == 3 ? 3 : 1;
        var banks = new WinogradWeights[halves][];
        var biases = new float*[halves];
        for (int h = 0; h < halves; h++)
        {
            banks[h] = new WinogradWeights[taps];
            for (int tap = 0; tap < taps; tap++)
                banks[h][tap] = WinogradBank(weight, h * channels, channels, tap, taps);
            biases[h] = biasVector is null ? null : Pointer(biasVector) + h * channels;
        }
        var fused = new WinogradEpilogue(epilogue.Activation, epilogue.Alpha, PointerOrNull(residual), PointerOrNull(modulated));
        float* source = Pointer(input), target = Pointer(result);
        int batch = geometry.Batch, depth = taps == 3 ? geometry.OutputSize[0] : 1;
        int height = geometry.OutputSize[^2], width = geometry.OutputSize[^1];
        switch (Simd)
        {
            case SimdLevel.Vector512:
                WinogradConvolution<MicroKernel6x32, Lanes512>.Run(this, source, banks, biases, fused, target, batch, depth, height, width);
                break;
            case SimdLevel.Vector256:
                WinogradConvolution<MicroKernel6x16, Lanes256>.Run(this, source, banks, biases, fused, target, batch, depth, height, width);
                break;
            case SimdLevel.Vector128:
                WinogradConvolution<MicroKernel6x8, Lanes128>.Run(this, source, banks, biases, fused, target, batch, depth, height, width);
                break;
            default:
                WinogradConvolution<MicroKernel4x4, Lane1>.Run(this, source, banks, biases, fused, target, batch, depth, height, width);
                break;
        }
        return result;
    }

    /// <summary>
    /// Output channels [first, first + count) and depth tap <paramref name="tap"/> (of <paramref name="taps"/>) of a weight
    /// in the Winograd domain, transformed on first use.
    /// </summary>
    private unsafe WinogradWeights WinogradBank(Tensor weight, int first, int count, int tap, int taps) =>
        _winogradWeights.GetValue(weight.Storage, _ => new WinogradBanks()).For(weight.Offset, first, count, tap, () =>
        {
            using var kernel = weight.Contiguous();
            int rows = Simd == SimdLevel.Scalar ? MicroKernel4x4.Rows : MicroKernel6x32.Rows, inChannels = weight.Shape[1];
            float* firstKernel = Pointer(kernel) + (long)first * inChannels * 9 * taps + tap * 9;
            return new WinogradWeights(this, firstKernel, count, inChannels, rows, 9 * taps);
        });
}

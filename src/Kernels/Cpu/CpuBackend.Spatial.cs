using KDTalker.Kernels.Cpu.Spatial;
using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu;

// Pooling, upsampling and grid sampling over the trailing spatial axes.
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public unsafe Tensor AvgPool(Tensor x, ReadOnlySpan<int> kernel)
    {
        var input = Volume(x.Shape[2..]);
        var window = Volume(kernel);
        var output = new int[3];
        for (int i = 0; i < 3; i++)
            output[i] = input[i] / window[i];
        var y = Empty([x.Shape[0], x.Shape[1], .. output[(3 - kernel.Length)..]]);
        ResampleKernels.AvgPool(this, Pointer(x), Pointer(y), x.Shape[0] * x.Shape[1], input, window, output);
        return y;
    }

    /// <inheritdoc />
    public unsafe Tensor UpsampleNearest(Tensor x, ReadOnlySpan<int> outputSize)
    {
        var y = Empty([x.Shape[0], x.Shape[1], .. outputSize]);
        ResampleKernels.UpsampleNearest(this, Pointer(x), Pointer(y), x.Shape[0] * x.Shape[1], Volume(x.Shape[2..]), Volume(outputSize));
        return y;
    }

    /// <inheritdoc />
    public unsafe Tensor GridSample(Tensor x, Tensor grid)
    {
        bool volumetric = x.Rank == 5;
        var outputSize = grid.Shape[1..^1];
        var y = Empty([x.Shape[0], x.Shape[1], .. outputSize]);
        CpuGridSampleKernel.Run(this, Pointer(x), Pointer(grid), Pointer(y), x.Shape[0], x.Shape[1], Volume(x.Shape[2..]), Volume(outputSize), volumetric);
        return y;
    }

    /// <summary>Spatial sizes as (D, H, W), with D = 1 for 2-D.</summary>
    private static int[] Volume(ReadOnlySpan<int> spatial) => spatial.Length == 3 ? spatial.ToArray() : [1, .. spatial];
}

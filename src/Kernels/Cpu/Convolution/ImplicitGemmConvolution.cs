using KDTalker.Kernels.Cpu.Gemm;

namespace KDTalker.Kernels.Cpu.Convolution;

/// <summary>
/// Convolution as one GEMM per image and group: Out[Cout_g, P] = W[Cout_g, Cin_g·kvol] · Col[Cin_g·kvol, P],
/// with Col read through <see cref="Im2ColPanels"/> (or the input itself for pointwise kernels) and the
/// bias fused into the first store.
/// </summary>
internal static unsafe class ImplicitGemmConvolution
{
    public static void Run(CpuBackend backend, float* input, float* weight, float* bias, float* output,
        int batch, int inChannels, int outChannels, int groups, ConvolutionShape shape)
    {
        int groupIn = inChannels / groups, groupOut = outChannels / groups;
        int depth = groupIn * shape.KernelVolume, positions = shape.OutputVolume;
        int items = batch * groups;
        bool byItem = Sgemm.SplitByItem(backend, items, (long)groupOut * depth * positions);

        void Item(int item)
        {
            int image = item / groups, group = item % groups;
            float* groupInput = input + ((long)image * inChannels + group * groupIn) * shape.InputVolume;
            var kernel = new StridedMatrix(weight + (long)group * groupOut * depth, depth, 1);
            var result = new GemmOutput(output + ((long)image * outChannels + group * groupOut) * positions, positions,
                bias == null ? null : bias + group * groupOut, null);
            if (shape.IsPointwise)
                Sgemm.Run(backend, !byItem, kernel, new StridedMatrix(groupInput, positions, 1), groupOut, positions, depth, result);
            else
                Sgemm.Run(backend, !byItem, kernel, new Im2ColPanels(groupInput, shape), groupOut, positions, depth, result);
        }

        if (byItem)
            backend.For(items, Item);
        else
            for (int item = 0; item < items; item++)
                Item(item);
    }
}

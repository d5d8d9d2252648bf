namespace KDTalker.Kernels.Cpu.Spatial;

/// <summary>
/// Average pooling and nearest upsampling over the trailing spatial axes of (N, C, [D,] H, W); 2-D
/// layouts are handled as D = 1.
/// </summary>
internal static unsafe class ResampleKernels
{
    /// <summary>Non-overlapping means over kD×kH×kW windows (kernel = stride, floor output size).</summary>
    public static void AvgPool(CpuBackend backend, float* x, float* y, int planes, int[] input, int[] kernel, int[] output)
    {
        int d = input[0], h = input[1], w = input[2], kd = kernel[0], kh = kernel[1], kw = kernel[2];
        int od = output[0], oh = output[1], ow = output[2];
        float norm = 1f / (kd * kh * kw);
        backend.For(planes, plane =>
        {
            float* source = x + (long)plane * d * h * w, target = y + (long)plane * od * oh * ow;
            for (int z = 0; z < od; z++)
                for (int r = 0; r < oh; r++)
                    for (int c = 0; c < ow; c++)
                    {
                        float sum = 0;
                        for (int i = 0; i < kd; i++)
                            for (int j = 0; j < kh; j++)
                                for (int l = 0; l < kw; l++)
                                    sum += source[((z * kd + i) * h + r * kh + j) * w + c * kw + l];
                        target[(z * oh + r) * ow + c] = sum * norm;
                    }
        });
    }

    /// <summary>Nearest neighbour with PyTorch's legacy index src = min(floor(dst·(in/out)), in − 1), in float32.</summary>
    public static void UpsampleNearest(CpuBackend backend, float* x, float* y, int planes, int[] input, int[] output)
    {
        var zIndex = SourceIndices(input[0], output[0]);
        var yIndex = SourceIndices(input[1], output[1]);
        var xIndex = SourceIndices(input[2], output[2]);
        int inPlane = input[0] * input[1] * input[2], outPlane = output[0] * output[1] * output[2];
        backend.For(planes, plane =>
        {
            float* source = x + (long)plane * inPlane, target = y + (long)plane * outPlane;
            for (int z = 0; z < output[0]; z++)
                for (int r = 0; r < output[1]; r++)
                {
                    float* sourceRow = source + (zIndex[z] * input[1] + yIndex[r]) * input[2];
                    float* targetRow = target + (z * output[1] + r) * output[2];
                    for (int c = 0; c < output[2]; c++)
                        targetRow[c] = sourceRow[xIndex[c]];
                }
        });
    }

    private static int[] SourceIndices(int input, int output)
    {
        float scale = (float)input / output;
        return Enumerable.Range(0, output).Select(i => Math.Min((int)MathF.Floor(i * scale), input - 1)).ToArray();
    }
}

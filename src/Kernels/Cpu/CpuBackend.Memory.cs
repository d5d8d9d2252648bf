using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu;

// Copies between strided layouts and fills.
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public unsafe void Download(Tensor source, Span<float> destination)
    {
        if (destination.Length != source.Length)
            throw new ArgumentException($"Download of {source} needs {source.Length} elements, got {destination.Length}.");
        fixed (float* target = destination)
            StridedCopy(source.Shape, Pointer(source), source.Strides.ToArray(), target, ShapeMath.ContiguousStrides(source.Shape));
    }

    /// <inheritdoc />
    public unsafe void Copy(Tensor source, Tensor destination)
    {
        if (!source.Shape.SequenceEqual(destination.Shape))
            throw new ArgumentException($"Copy from {source} to {destination}: shapes differ.");
        StridedCopy(source.Shape, Pointer(source), source.Strides.ToArray(), Pointer(destination), destination.Strides.ToArray());
    }

    /// <inheritdoc />
    public unsafe void Fill(Tensor destination, float value)
    {
        var loop = new StridedLoop(destination.Shape, destination.Strides.ToArray());
        float* target = Pointer(destination);
        int stride = loop.RowStrides[0];
        For(loop.Rows, row =>
        {
            Span<int> offsets = stackalloc int[1];
            loop.RowOffsets(row, offsets);
            float* p = target + offsets[0];
            if (stride == 1)
                new Span<float>(p, loop.RowLength).Fill(value);
            else
                for (int i = 0; i < loop.RowLength; i++)
                    p[i * stride] = value;
        });
    }

    private unsafe void StridedCopy(ReadOnlySpan<int> shape, float* source, int[] sourceStrides, float* target, int[] targetStrides)
    {
        var loop = new StridedLoop(shape, sourceStrides, targetStrides);
        int sourceStride = loop.RowStrides[0], targetStride = loop.RowStrides[1], length = loop.RowLength;
        int rowsPerTask = Math.Max(1, (1 << 16) / Math.Max(length, 1));
        int tasks = (loop.Rows + rowsPerTask - 1) / rowsPerTask;
        For(tasks, task =>
        {
            Span<int> offsets = stackalloc int[2];
            int end = Math.Min(loop.Rows, (task + 1) * rowsPerTask);
            for (int row = task * rowsPerTask; row < end; row++)
            {
                loop.RowOffsets(row, offsets);
                float* s = source + offsets[0], t = target + offsets[1];
                if (sourceStride == 1 && targetStride == 1)
                    Buffer.MemoryCopy(s, t, (long)length * sizeof(float), (long)length * sizeof(float));
                else
                    for (int i = 0; i < length; i++)
                        t[i * targetStride] = s[i * sourceStride];
            }
        });
    }
}

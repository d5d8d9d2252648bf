using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KDTalker.Kernels.Cpu.Elementwise;

/// <summary>
/// c = f(a, b) over same-shape strided operands, row by row (<see cref="StridedLoop"/>): rows where an
/// operand is contiguous or constant (stride 0, a broadcast) run vectorised; others element by element.
/// </summary>
internal static unsafe class BinaryKernel
{
    public static void Run<TFunction>(CpuBackend backend, StridedLoop loop, float* a, float* b, float* c) where TFunction : IBinaryFunction
    {
        int length = loop.RowLength, sa = loop.RowStrides[0], sb = loop.RowStrides[1];
        var simd = backend.Simd;
        int rowsPerTask = Math.Max(1, (1 << 15) / Math.Max(length, 1));
        backend.For((loop.Rows + rowsPerTask - 1) / rowsPerTask, task =>
        {
            Span<int> offsets = stackalloc int[3];
            for (int row = task * rowsPerTask, end = Math.Min(loop.Rows, row + rowsPerTask); row < end; row++)
            {
                loop.RowOffsets(row, offsets);
                Row<TFunction>(a + offsets[0], sa, b + offsets[1], sb, c + offsets[2], length, simd);
            }
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row<TFunction>(float* a, int sa, float* b, int sb, float* c, int length, SimdLevel simd) where TFunction : IBinaryFunction
    {
        int i = 0;
        if (sa <= 1 && sb <= 1 && simd >= SimdLevel.Vector256)
            for (; i + 8 <= length; i += 8)
                TFunction.Apply(sa == 0 ? Vector256.Create(*a) : Vector256.Load(a + i), sb == 0 ? Vector256.Create(*b) : Vector256.Load(b + i)).Store(c + i);
        else if (sa <= 1 && sb <= 1 && simd == SimdLevel.Vector128)
            for (; i + 4 <= length; i += 4)
                TFunction.Apply(sa == 0 ? Vector128.Create(*a) : Vector128.Load(a + i), sb == 0 ? Vector128.Create(*b) : Vector128.Load(b + i)).Store(c + i);
        for (; i < length; i++)
            c[i] = TFunction.Apply(a[(long)i * sa], b[(long)i * sb]);
    }
}

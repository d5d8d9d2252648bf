namespace KDTalker.Kernels.Cpu.Gemm;

/// <summary>The B operand of a GEMM as something that can write its own packed column panels.</summary>
internal unsafe interface IPanelSource
{
    /// <summary>
    /// Writes rows [k0, k0 + depth) × columns [column0, column0 + columns) of B to
    /// <paramref name="destination"/> as depth rows of <paramref name="width"/> floats, zero beyond columns.
    /// </summary>
    void PackPanel(float* destination, int width, int k0, int depth, int column0, int columns);
}

using KDTalker.Tensors;

namespace KDTalker.Kernels.Cpu.Gemm;

/// <summary>
/// Packing space rented from the backend's buffer pool for one GEMM task: aligned, reused across calls
/// (no fresh pages to fault in per frame), returned on dispose.
/// </summary>
internal sealed unsafe class ScratchBuffer(CpuBackend backend, long count) : IDisposable
{
    private readonly HostStorage _storage = backend.RentScratch(checked((int)count));

    public float* Pointer => _storage.Pointer;

    public void Dispose() => _storage.Release();
}

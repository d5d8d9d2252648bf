using KDTalker.Tensors;

namespace KDTalker.Kernels.Gpu;

/// <summary>The ops of an <see cref="IlgpuBackend"/> for one storage type, and the wait for its queue.</summary>
internal interface IDeviceOps : IBackend
{
    /// <summary>Waits for every queued kernel, and counts the stall.</summary>
    void Synchronize();
}

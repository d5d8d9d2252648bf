namespace KDTalker.Kernels.Gpu.Kernels;

/// <summary>
/// How a stored tensor element converts to and from the float32 the kernels compute and accumulate in. Kernels are
/// generic over it, so one kernel source serves float32 storage and half-precision storage.
/// </summary>
internal interface IElement<T> where T : unmanaged
{
    float Load(T value);

    T Store(float value);
}

/// <summary>float32 storage.</summary>
internal readonly struct Fp32 : IElement<float>
{
    public float Load(float value) => value;

    public float Store(float value) => value;
}

/// <summary>IEEE half-precision storage (round to nearest even; |x| &gt; 65504 becomes ±∞).</summary>
internal readonly struct Fp16 : IElement<ILGPU.Half>
{
    public float Load(ILGPU.Half value) => value;

    public ILGPU.Half Store(float value) => (ILGPU.Half)value;
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KDTalker.Kernels.Cpu.Convolution.Winograd;

/// <summary>
/// A vector of <see cref="Count"/> floats, one per Winograd tile: the transforms are written once over this and run at
/// every SIMD level (the JIT specialises each struct, so no call or copy survives).
/// </summary>
internal unsafe interface ILanes<T> where T : struct, ILanes<T>
{
    static abstract int Count { get; }

    static abstract T Load(float* source);

    static abstract void Store(T value, float* target);

    static abstract T Broadcast(float value);

    /// <summary>source[0], source[4], source[8], …: one value of each of Count consecutive tiles.</summary>
    static abstract T LoadEveryFourth(float* source);

    /// <summary>target = a0 b0 c0 d0 a1 b1 c1 d1 …: one output row of Count consecutive tiles.</summary>
    static abstract void StoreInterleaved(T a, T b, T c, T d, float* target);

    static abstract T operator +(T a, T b);

    static abstract T operator -(T a, T b);

    static abstract T operator *(T a, float scale);

    static abstract T operator *(T a, T b);

    /// <summary>max(x, 0), as the element-wise Relu kernel computes it.</summary>
    static abstract T Relu(T x);

    /// <summary>x ≥ 0 ? x : alpha·x, as the element-wise LeakyRelu kernel computes it.</summary>
    static abstract T LeakyRelu(T x, float alpha);
}

internal unsafe struct Lanes512(Vector512<float> value) : ILanes<Lanes512>
{
    private readonly Vector512<float> _value = value;

    public static int Count => 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Load(float* source) => new(Vector512.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes512 value, float* target) => value._value.Store(target);

    public static Lanes512 Broadcast(float value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 LoadEveryFourth(float* source)
    {
        var offsets = Vector256.CreateSequence(0, 4); // .NET has no 512-bit gather: two 256-bit ones.
        return new(Vector512.Create(Avx2.GatherVector256(source, offsets, 4), Avx2.GatherVector256(source + 32, offsets, 4)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved(Lanes512 a, Lanes512 b, Lanes512 c, Lanes512 d, float* target)
    {
        // 4×4 transposes inside each 128-bit lane: u_k = [a_k b_k c_k d_k | a_k+4 … | a_k+8 … | a_k+12 …].
        var ab0 = Avx512F.UnpackLow(a._value, b._value);
        var ab1 = Avx512F.UnpackHigh(a._value, b._value);
        var cd0 = Avx512F.UnpackLow(c._value, d._value);
        var cd1 = Avx512F.UnpackHigh(c._value, d._value);
        var u0 = Avx512F.Shuffle(ab0, cd0, 0x44);
        var u1 = Avx512F.Shuffle(ab0, cd0, 0xEE);
        var u2 = Avx512F.Shuffle(ab1, cd1, 0x44);
        var u3 = Avx512F.Shuffle(ab1, cd1, 0xEE);
        // Then gather the 128-bit lanes in tile order.
        var p0 = Avx512F.Shuffle4x128(u0, u1, 0x44);
        var p1 = Avx512F.Shuffle4x128(u2, u3, 0x44);
        var p2 = Avx512F.Shuffle4x128(u0, u1, 0xEE);
        var p3 = Avx512F.Shuffle4x128(u2, u3, 0xEE);
        Avx512F.Shuffle4x128(p0, p1, 0x88).Store(target);
        Avx512F.Shuffle4x128(p0, p1, 0xDD).Store(target + 16);
        Avx512F.Shuffle4x128(p2, p3, 0x88).Store(target + 32);
        Avx512F.Shuffle4x128(p2, p3, 0xDD).Store(target + 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator +(Lanes512 a, Lanes512 b) => new(a._value + b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator -(Lanes512 a, Lanes512 b) => new(a._value - b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator *(Lanes512 a, float scale) => new(a._value * scale);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator *(Lanes512 a, Lanes512 b) => new(a._value * b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Relu(Lanes512 x) => new(Vector512.Max(x._value, Vector512<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 LeakyRelu(Lanes512 x, float alpha) =>
        new(Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x._value, Vector512<float>.Zero), x._value, x._value * alpha));
}

internal unsafe struct Lanes256(Vector256<float> value) : ILanes<Lanes256>
{
    private readonly Vector256<float> _value = value;

    public static int Count => 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Load(float* source) => new(Vector256.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes256 value, float* target) => value._value.Store(target);

    public static Lanes256 Broadcast(float value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 LoadEveryFourth(float* source) =>
        new(Avx2.GatherVector256(source, Vector256.CreateSequence(0, 4), 4));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved(Lanes256 a, Lanes256 b, Lanes256 c, Lanes256 d, float* target)
    {
        var ab0 = Avx.UnpackLow(a._value, b._value);
        var ab1 = Avx.UnpackHigh(a._value, b._value);
        var cd0 = Avx.UnpackLow(c._value, d._value);
        var cd1 = Avx.UnpackHigh(c._value, d._value);
        var u0 = Avx.Shuffle(ab0, cd0, 0x44);
        var u1 = Avx.Shuffle(ab0, cd0, 0xEE);
        var u2 = Avx.Shuffle(ab1, cd1, 0x44);
        var u3 = Avx.Shuffle(ab1, cd1, 0xEE);
        Avx.Permute2x128(u0, u1, 0x20).Store(target);
        Avx.Permute2x128(u2, u3, 0x20).Store(target + 8);
        Avx.Permute2x128(u0, u1, 0x31).Store(target + 16);
        Avx.Permute2x128(u2, u3, 0x31).Store(target + 24);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator +(Lanes256 a, Lanes256 b) => new(a._value + b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator -(Lanes256 a, Lanes256 b) => new(a._value - b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator *(Lanes256 a, float scale) => new(a._value * scale);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator *(Lanes256 a, Lanes256 b) => new(a._value * b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Relu(Lanes256 x) => new(Vector256.Max(x._value, Vector256<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 LeakyRelu(Lanes256 x, float alpha) =>
        new(Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x._value, Vector256<float>.Zero), x._value, x._value * alpha));
}

internal unsafe struct Lanes128(Vector128<float> value) : ILanes<Lanes128>
{
    private readonly Vector128<float> _value = value;

    public static int Count => 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Load(float* source) => new(Vector128.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes128 value, float* target) => value._value.Store(target);

    public static Lanes128 Broadcast(float value) => new(Vector128.Create(value));

    public static Lanes128 LoadEveryFourth(float* source) => new(Vector128.Create(source[0], source[4], source[8], source[12]));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved(Lanes128 a, Lanes128 b, Lanes128 c, Lanes128 d, float* target)
    {
        for (int l = 0; l < 4; l++, target += 4)
            Vector128.Create(a._value.GetElement(l), b._value.GetElement(l), c._value.GetElement(l), d._value.GetElement(l)).Store(target);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 operator +(Lanes128 a, Lanes128 b) => new(a._value + b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 operator -(Lanes128 a, Lanes128 b) => new(a._value - b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 operator *(Lanes128 a, float scale) => new(a._value * scale);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 operator *(Lanes128 a, Lanes128 b) => new(a._value * b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Relu(Lanes128 x) => new(Vector128.Max(x._value, Vector128<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 LeakyRelu(Lanes128 x, float alpha) =>
        new(Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x._value, Vector128<float>.Zero), x._value, x._value * alpha));
}

/// <summary>One lane: the scalar path.</summary>
internal unsafe struct Lane1(float value) : ILanes<Lane1>
{
    private readonly float _value = value;

    public static int Count => 1;

    public static Lane1 Load(float* source) => new(*source);

    public static void Store(Lane1 value, float* target) => *target = value._value;

    public static Lane1 Broadcast(float value) => new(value);

    public static Lane1 LoadEveryFourth(float* source) => new(*source);

    public static void StoreInterleaved(Lane1 a, Lane1 b, Lane1 c, Lane1 d, float* target)
    {
        target[0] = a._value;
        target[1] = b._value;
        target[2] = c._value;
        target[3] = d._value;
    }

    public static Lane1 operator +(Lane1 a, Lane1 b) => new(a._value + b._value);

    public static Lane1 operator -(Lane1 a, Lane1 b) => new(a._value - b._value);

    public static Lane1 operator *(Lane1 a, float scale) => new(a._value * scale);

    public static Lane1 operator *(Lane1 a, Lane1 b) => new(a._value * b._value);

    public static Lane1 Relu(Lane1 x) => new(x._value > 0 ? x._value : 0f);

    public static Lane1 LeakyRelu(Lane1 x, float alpha) => new(x._value >= 0 ? x._value : x._value * alpha);
}

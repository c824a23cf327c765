using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Downhill.Learning.Tensors;

/// <summary>
/// The few vector operations the matrix kernels need, so each kernel is written once and compiled by the JIT for
/// the widest vectors the machine has (<see cref="Lanes512"/> on AVX-512, <see cref="Lanes256"/> on AVX2, else
/// <see cref="Lanes128"/>). .NET's own ISimdVector is not public, hence this small interface.
/// </summary>
internal interface ISimdLanes<TSelf> where TSelf : struct, ISimdLanes<TSelf>
{
    static abstract int Count { get; }
    static abstract TSelf Zero { get; }
    static abstract TSelf Broadcast(float value);
    static abstract TSelf Load(ref float source);
    static abstract void Store(TSelf value, ref float destination);
    /// <summary>a·b + c with one rounding.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);
    static abstract TSelf Add(TSelf a, TSelf b);
    static abstract float Sum(TSelf value);
}

internal readonly struct Lanes512 : ISimdLanes<Lanes512>
{
    private readonly Vector512<float> _v;
    private Lanes512(Vector512<float> v) => _v = v;
    public static int Count => Vector512<float>.Count;
    public static Lanes512 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Broadcast(float value) => new(Vector512.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Load(ref float source) => new(Vector512.LoadUnsafe(ref source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Lanes512 value, ref float destination) => value._v.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 MultiplyAdd(Lanes512 a, Lanes512 b, Lanes512 c) => new(Vector512.FusedMultiplyAdd(a._v, b._v, c._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Add(Lanes512 a, Lanes512 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Lanes512 value) => Vector512.Sum(value._v);
}

internal readonly struct Lanes256 : ISimdLanes<Lanes256>
{
    private readonly Vector256<float> _v;
    private Lanes256(Vector256<float> v) => _v = v;
    public static int Count => Vector256<float>.Count;
    public static Lanes256 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Broadcast(float value) => new(Vector256.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Load(ref float source) => new(Vector256.LoadUnsafe(ref source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Lanes256 value, ref float destination) => value._v.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 MultiplyAdd(Lanes256 a, Lanes256 b, Lanes256 c) => new(Vector256.FusedMultiplyAdd(a._v, b._v, c._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Add(Lanes256 a, Lanes256 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Lanes256 value) => Vector256.Sum(value._v);
}

internal readonly struct Lanes128 : ISimdLanes<Lanes128>
{
    private readonly Vector128<float> _v;
    private Lanes128(Vector128<float> v) => _v = v;
    public static int Count => Vector128<float>.Count;
    public static Lanes128 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Broadcast(float value) => new(Vector128.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Load(ref float source) => new(Vector128.LoadUnsafe(ref source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Lanes128 value, ref float destination) => value._v.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 MultiplyAdd(Lanes128 a, Lanes128 b, Lanes128 c) => new(Vector128.FusedMultiplyAdd(a._v, b._v, c._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Add(Lanes128 a, Lanes128 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Lanes128 value) => Vector128.Sum(value._v);
}

using System.Numerics;
using System.Runtime.CompilerServices;

namespace Downhill.Optimizers.Elementwise;

/// <summary>One SIMD register of <see cref="Vector{T}"/> (the widest the runtime prefers on this machine).</summary>
internal readonly struct VectorLane<T>(Vector<T> value) : ILane<VectorLane<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector<T> _value = value;

    public static int Width => Vector<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLane<T> Load(ref T origin, nuint index) => new(Vector.LoadUnsafe(ref origin, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(VectorLane<T> value, ref T origin, nuint index) => value._value.StoreUnsafe(ref origin, index);

    public static VectorLane<T> Broadcast(T value) => new(new Vector<T>(value));

    public static VectorLane<T> operator +(VectorLane<T> left, VectorLane<T> right) => new(left._value + right._value);

    public static VectorLane<T> operator -(VectorLane<T> left, VectorLane<T> right) => new(left._value - right._value);

    public static VectorLane<T> operator *(VectorLane<T> left, VectorLane<T> right) => new(left._value * right._value);

    public static VectorLane<T> operator /(VectorLane<T> left, VectorLane<T> right) => new(left._value / right._value);

    public static VectorLane<T> operator -(VectorLane<T> value) => new(-value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLane<T> MultiplyAdd(VectorLane<T> left, VectorLane<T> right, VectorLane<T> addend)
    {
        if (typeof(T) == typeof(float))
            return new(Vector.FusedMultiplyAdd(left._value.As<T, float>(), right._value.As<T, float>(), addend._value.As<T, float>()).As<float, T>());
        if (typeof(T) == typeof(double))
            return new(Vector.FusedMultiplyAdd(left._value.As<T, double>(), right._value.As<T, double>(), addend._value.As<T, double>()).As<double, T>());
        throw new NotSupportedException($"no fused multiply-add for {typeof(T).Name}");
    }

    public static VectorLane<T> Sqrt(VectorLane<T> value) => new(Vector.SquareRoot(value._value));

    public static VectorLane<T> Abs(VectorLane<T> value) => new(Vector.Abs(value._value));

    public static VectorLane<T> Max(VectorLane<T> left, VectorLane<T> right) => new(Vector.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLane<T> Sign(VectorLane<T> value)
    {
        // The bits of 1 where positive, of −1 where negative, 0 elsewhere; NaN passed through.
        var x = value._value;
        var sign = (Vector.GreaterThan(x, Vector<T>.Zero) & Vector<T>.One) | (Vector.LessThan(x, Vector<T>.Zero) & -Vector<T>.One);
        return new(Vector.ConditionalSelect(Vector.Equals(x, x), sign, x));
    }
}

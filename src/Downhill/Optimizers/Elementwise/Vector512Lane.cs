using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Downhill.Optimizers.Elementwise;

/// <summary>One 512-bit register, where the processor has AVX-512 (<see cref="Vector512.IsHardwareAccelerated"/>).</summary>
internal readonly struct Vector512Lane<T>(Vector512<T> value) : ILane<Vector512Lane<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _value = value;

    public static int Width => Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512Lane<T> Load(ref T origin, nuint index) => new(Vector512.LoadUnsafe(ref origin, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512Lane<T> value, ref T origin, nuint index) => value._value.StoreUnsafe(ref origin, index);

    public static Vector512Lane<T> Broadcast(T value) => new(Vector512.Create(value));

    public static Vector512Lane<T> operator +(Vector512Lane<T> left, Vector512Lane<T> right) => new(left._value + right._value);

    public static Vector512Lane<T> operator -(Vector512Lane<T> left, Vector512Lane<T> right) => new(left._value - right._value);

    public static Vector512Lane<T> operator *(Vector512Lane<T> left, Vector512Lane<T> right) => new(left._value * right._value);

    public static Vector512Lane<T> operator /(Vector512Lane<T> left, Vector512Lane<T> right) => new(left._value / right._value);

    public static Vector512Lane<T> operator -(Vector512Lane<T> value) => new(-value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512Lane<T> MultiplyAdd(Vector512Lane<T> left, Vector512Lane<T> right, Vector512Lane<T> addend)
    {
        if (typeof(T) == typeof(float))
            return new(Vector512.FusedMultiplyAdd(left._value.As<T, float>(), right._value.As<T, float>(), addend._value.As<T, float>()).As<float, T>());
        if (typeof(T) == typeof(double))
            return new(Vector512.FusedMultiplyAdd(left._value.As<T, double>(), right._value.As<T, double>(), addend._value.As<T, double>()).As<double, T>());
        throw new NotSupportedException($"no fused multiply-add for {typeof(T).Name}");
    }

    public static Vector512Lane<T> Sqrt(Vector512Lane<T> value) => new(Vector512.Sqrt(value._value));

    public static Vector512Lane<T> Abs(Vector512Lane<T> value) => new(Vector512.Abs(value._value));

    public static Vector512Lane<T> Max(Vector512Lane<T> left, Vector512Lane<T> right) => new(Vector512.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512Lane<T> Sign(Vector512Lane<T> value)
    {
        // The bits of 1 where positive, of −1 where negative, 0 elsewhere; NaN passed through.
        var x = value._value;
        var sign = (Vector512.GreaterThan(x, Vector512<T>.Zero) & Vector512<T>.One) | (Vector512.LessThan(x, Vector512<T>.Zero) & -Vector512<T>.One);
        return new(Vector512.ConditionalSelect(Vector512.Equals(x, x), sign, x));
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Downhill.Numerics;

/// <summary>One 256-bit register (AVX2, <see cref="Vector256.IsHardwareAccelerated"/>).</summary>
internal readonly struct Lane256<T> : ILane<Lane256<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector256<T> _value;

    private Lane256(Vector256<T> value) => _value = value;

    /// <inheritdoc/>
    public static int Width => Vector256<T>.Count;

    /// <inheritdoc/>
    public static Lane256<T> Zero => default;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> Load(ref T origin) => new(Vector256.LoadUnsafe(ref origin));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> Load(ref T origin, nuint index) => new(Vector256.LoadUnsafe(ref origin, index));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lane256<T> value, ref T origin) => value._value.StoreUnsafe(ref origin);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lane256<T> value, ref T origin, nuint index) => value._value.StoreUnsafe(ref origin, index);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> Broadcast(T value) => new(Vector256.Create(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> operator +(Lane256<T> left, Lane256<T> right) => new(left._value + right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> operator -(Lane256<T> left, Lane256<T> right) => new(left._value - right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> operator *(Lane256<T> left, Lane256<T> right) => new(left._value * right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> operator /(Lane256<T> left, Lane256<T> right) => new(left._value / right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> operator -(Lane256<T> value) => new(-value._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> MultiplyAdd(Lane256<T> left, Lane256<T> right, Lane256<T> addend)
    {
        if (typeof(T) == typeof(float))
            return new(Vector256.FusedMultiplyAdd(left._value.As<T, float>(), right._value.As<T, float>(), addend._value.As<T, float>()).As<float, T>());
        if (typeof(T) == typeof(double))
            return new(Vector256.FusedMultiplyAdd(left._value.As<T, double>(), right._value.As<T, double>(), addend._value.As<T, double>()).As<double, T>());
        throw new NotSupportedException($"no fused multiply-add for {typeof(T).Name}");
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> Sqrt(Lane256<T> value) => new(Vector256.Sqrt(value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> Abs(Lane256<T> value) => new(Vector256.Abs(value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> Max(Lane256<T> left, Lane256<T> right) => new(Vector256.Max(left._value, right._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256<T> Sign(Lane256<T> value)
    {
        // The bits of 1 where positive, of −1 where negative, 0 elsewhere; NaN passed through.
        var x = value._value;
        var sign = (Vector256.GreaterThan(x, Vector256<T>.Zero) & Vector256<T>.One)
                   | (Vector256.LessThan(x, Vector256<T>.Zero) & -Vector256<T>.One);
        return new(Vector256.ConditionalSelect(Vector256.Equals(x, x), sign, x));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Lane256<T> value) => Vector256.Sum(value._value);
}

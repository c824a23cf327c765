using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Downhill.Numerics;

/// <summary>One 512-bit register, where the processor has AVX-512 (<see cref="Vector512.IsHardwareAccelerated"/>).</summary>
internal readonly struct Lane512<T> : ILane<Lane512<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _value;

    private Lane512(Vector512<T> value) => _value = value;

    /// <inheritdoc/>
    public static int Width => Vector512<T>.Count;

    /// <inheritdoc/>
    public static Lane512<T> Zero => default;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> Load(ref T origin) => new(Vector512.LoadUnsafe(ref origin));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> Load(ref T origin, nuint index) => new(Vector512.LoadUnsafe(ref origin, index));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lane512<T> value, ref T origin) => value._value.StoreUnsafe(ref origin);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lane512<T> value, ref T origin, nuint index) => value._value.StoreUnsafe(ref origin, index);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> Broadcast(T value) => new(Vector512.Create(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> operator +(Lane512<T> left, Lane512<T> right) => new(left._value + right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> operator -(Lane512<T> left, Lane512<T> right) => new(left._value - right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> operator *(Lane512<T> left, Lane512<T> right) => new(left._value * right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> operator /(Lane512<T> left, Lane512<T> right) => new(left._value / right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> operator -(Lane512<T> value) => new(-value._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> MultiplyAdd(Lane512<T> left, Lane512<T> right, Lane512<T> addend)
    {
        if (typeof(T) == typeof(float))
            return new(Vector512.FusedMultiplyAdd(left._value.As<T, float>(), right._value.As<T, float>(), addend._value.As<T, float>()).As<float, T>());
        if (typeof(T) == typeof(double))
            return new(Vector512.FusedMultiplyAdd(left._value.As<T, double>(), right._value.As<T, double>(), addend._value.As<T, double>()).As<double, T>());
        throw new NotSupportedException($"no fused multiply-add for {typeof(T).Name}");
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> Sqrt(Lane512<T> value) => new(Vector512.Sqrt(value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> Abs(Lane512<T> value) => new(Vector512.Abs(value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> Max(Lane512<T> left, Lane512<T> right) => new(Vector512.Max(left._value, right._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane512<T> Sign(Lane512<T> value)
    {
        // The bits of 1 where positive, of −1 where negative, 0 elsewhere; NaN passed through.
        var x = value._value;
        var sign = (Vector512.GreaterThan(x, Vector512<T>.Zero) & Vector512<T>.One)
                   | (Vector512.LessThan(x, Vector512<T>.Zero) & -Vector512<T>.One);
        return new(Vector512.ConditionalSelect(Vector512.Equals(x, x), sign, x));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Lane512<T> value) => Vector512.Sum(value._value);
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Downhill.Numerics;

/// <summary>One 128-bit register (SSE or Arm's AdvSimd, <see cref="Vector128.IsHardwareAccelerated"/>).</summary>
internal readonly struct Lane128<T> : ILane<Lane128<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector128<T> _value;

    private Lane128(Vector128<T> value) => _value = value;

    /// <inheritdoc/>
    public static int Width => Vector128<T>.Count;

    /// <inheritdoc/>
    public static Lane128<T> Zero => default;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> Load(ref T origin) => new(Vector128.LoadUnsafe(ref origin));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> Load(ref T origin, nuint index) => new(Vector128.LoadUnsafe(ref origin, index));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lane128<T> value, ref T origin) => value._value.StoreUnsafe(ref origin);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lane128<T> value, ref T origin, nuint index) => value._value.StoreUnsafe(ref origin, index);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> Broadcast(T value) => new(Vector128.Create(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> operator +(Lane128<T> left, Lane128<T> right) => new(left._value + right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> operator -(Lane128<T> left, Lane128<T> right) => new(left._value - right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> operator *(Lane128<T> left, Lane128<T> right) => new(left._value * right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> operator /(Lane128<T> left, Lane128<T> right) => new(left._value / right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> operator -(Lane128<T> value) => new(-value._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> MultiplyAdd(Lane128<T> left, Lane128<T> right, Lane128<T> addend)
    {
        if (typeof(T) == typeof(float))
            return new(Vector128.FusedMultiplyAdd(left._value.As<T, float>(), right._value.As<T, float>(), addend._value.As<T, float>()).As<float, T>());
        if (typeof(T) == typeof(double))
            return new(Vector128.FusedMultiplyAdd(left._value.As<T, double>(), right._value.As<T, double>(), addend._value.As<T, double>()).As<double, T>());
        throw new NotSupportedException($"no fused multiply-add for {typeof(T).Name}");
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> Sqrt(Lane128<T> value) => new(Vector128.Sqrt(value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> Abs(Lane128<T> value) => new(Vector128.Abs(value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> Max(Lane128<T> left, Lane128<T> right) => new(Vector128.Max(left._value, right._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128<T> Sign(Lane128<T> value)
    {
        // The bits of 1 where positive, of −1 where negative, 0 elsewhere; NaN passed through.
        var x = value._value;
        var sign = (Vector128.GreaterThan(x, Vector128<T>.Zero) & Vector128<T>.One)
                   | (Vector128.LessThan(x, Vector128<T>.Zero) & -Vector128<T>.One);
        return new(Vector128.ConditionalSelect(Vector128.Equals(x, x), sign, x));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Lane128<T> value) => Vector128.Sum(value._value);
}

using System.Numerics;
using System.Runtime.CompilerServices;

namespace Downhill.Numerics;

/// <summary>One number (every operation inlined, as the registers' are): the tail of a block that does not fill a register, or every number where there is no SIMD.</summary>
internal readonly struct ScalarLane<T> : ILane<ScalarLane<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _value;

    private ScalarLane(T value) => _value = value;

    /// <inheritdoc/>
    public static int Width => 1;

    /// <inheritdoc/>
    public static ScalarLane<T> Zero => new(T.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> Load(ref T origin) => new(origin);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> Load(ref T origin, nuint index) => new(Unsafe.Add(ref origin, index));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ScalarLane<T> value, ref T origin) => origin = value._value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ScalarLane<T> value, ref T origin, nuint index) => Unsafe.Add(ref origin, index) = value._value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> Broadcast(T value) => new(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> operator +(ScalarLane<T> left, ScalarLane<T> right) => new(left._value + right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> operator -(ScalarLane<T> left, ScalarLane<T> right) => new(left._value - right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> operator *(ScalarLane<T> left, ScalarLane<T> right) => new(left._value * right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> operator /(ScalarLane<T> left, ScalarLane<T> right) => new(left._value / right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> operator -(ScalarLane<T> value) => new(-value._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> MultiplyAdd(ScalarLane<T> left, ScalarLane<T> right, ScalarLane<T> addend) =>
        new(T.FusedMultiplyAdd(left._value, right._value, addend._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> Sqrt(ScalarLane<T> value) => new(T.Sqrt(value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> Abs(ScalarLane<T> value) => new(T.Abs(value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> Max(ScalarLane<T> left, ScalarLane<T> right) => new(T.Max(left._value, right._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane<T> Sign(ScalarLane<T> value) =>
        new(value._value > T.Zero ? T.One : value._value < T.Zero ? -T.One : T.IsNaN(value._value) ? value._value : T.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(ScalarLane<T> value) => value._value;
}

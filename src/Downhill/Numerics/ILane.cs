using System.Numerics;

namespace Downhill.Numerics;

/// <summary>
/// The arithmetic a vectorized kernel needs, over one SIMD register (<see cref="Lane512{T}"/>, <see cref="Lane256{T}"/>,
/// <see cref="Lane128{T}"/>) or one number (<see cref="ScalarLane{T}"/>), generic over <see cref="float"/> and
/// <see cref="double"/>: a kernel is written once, generic over the lane, and compiled for the widest register the
/// machine has (512 → 256 → 128 bits, as accelerated) with a scalar tail. .NET's own ISimdVector is not public, hence
/// this small interface.
/// </summary>
/// <remarks>
/// Every elementwise operation is correctly rounded IEEE arithmetic (fused where <see cref="MultiplyAdd"/> says so), so
/// a register computes each element to the same bits as one number at a time, and a result never depends on where a
/// vector boundary falls. <see cref="Sum"/> is the one operation whose bits depend on the width (its order of adding).
/// </remarks>
internal interface ILane<TSelf, T>
    where TSelf : struct, ILane<TSelf, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Numbers per lane.</summary>
    static abstract int Width { get; }

    /// <summary>Every element 0.</summary>
    static abstract TSelf Zero { get; }

    /// <summary>The <see cref="Width"/> numbers from <paramref name="origin"/> on (no bounds check: the caller's duty).</summary>
    static abstract TSelf Load(ref T origin);

    /// <summary>The <see cref="Width"/> numbers from <paramref name="origin"/> + <paramref name="index"/> on.</summary>
    static abstract TSelf Load(ref T origin, nuint index);

    /// <summary>Writes the lane to <paramref name="origin"/> on.</summary>
    static abstract void Store(TSelf value, ref T origin);

    /// <summary>Writes the lane to <paramref name="origin"/> + <paramref name="index"/> on.</summary>
    static abstract void Store(TSelf value, ref T origin, nuint index);

    /// <summary><paramref name="value"/> in every element.</summary>
    static abstract TSelf Broadcast(T value);

    /// <summary>Elementwise sum.</summary>
    static abstract TSelf operator +(TSelf left, TSelf right);

    /// <summary>Elementwise difference.</summary>
    static abstract TSelf operator -(TSelf left, TSelf right);

    /// <summary>Elementwise product.</summary>
    static abstract TSelf operator *(TSelf left, TSelf right);

    /// <summary>Elementwise quotient.</summary>
    static abstract TSelf operator /(TSelf left, TSelf right);

    /// <summary>Elementwise negation.</summary>
    static abstract TSelf operator -(TSelf value);

    /// <summary><c>left·right + addend</c> rounded once, as ATen's <c>add(alpha=)</c> and <c>addcmul</c> compute it.</summary>
    static abstract TSelf MultiplyAdd(TSelf left, TSelf right, TSelf addend);

    /// <summary>Elementwise square root.</summary>
    static abstract TSelf Sqrt(TSelf value);

    /// <summary>Elementwise magnitude.</summary>
    static abstract TSelf Abs(TSelf value);

    /// <summary>The larger of the two, NaN if either is NaN (torch.maximum, torch.amax).</summary>
    static abstract TSelf Max(TSelf left, TSelf right);

    /// <summary>1 where positive, −1 where negative, +0 at ±0, NaN at NaN (numpy's and torch's sign).</summary>
    static abstract TSelf Sign(TSelf value);

    /// <summary>The sum of the elements (in the register's own order of adding).</summary>
    static abstract T Sum(TSelf value);
}

using System.Numerics;

namespace Downhill.Optimizers.Elementwise;

/// <summary>
/// The arithmetic an elementwise update needs, over one number (<see cref="ScalarLane{T}"/>) or one SIMD
/// register (<see cref="VectorLane{T}"/>). An optimizer writes its update once, generic over the lane, and gets a
/// vectorized body and a scalar tail that round identically: every operation is correctly rounded IEEE arithmetic
/// (fused where <see cref="MultiplyAdd"/> says so), so a result never depends on where a vector boundary falls.
/// </summary>
internal interface ILane<TSelf, T>
    where TSelf : struct, ILane<TSelf, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Numbers per lane.</summary>
    static abstract int Width { get; }

    static abstract TSelf Load(ref T origin, nuint index);

    static abstract void Store(TSelf value, ref T origin, nuint index);

    static abstract TSelf Broadcast(T value);

    static abstract TSelf operator +(TSelf left, TSelf right);

    static abstract TSelf operator -(TSelf left, TSelf right);

    static abstract TSelf operator *(TSelf left, TSelf right);

    static abstract TSelf operator /(TSelf left, TSelf right);

    static abstract TSelf operator -(TSelf value);

    /// <summary><c>left·right + addend</c> rounded once, as ATen's <c>add(alpha=)</c> and <c>addcmul</c> compute it.</summary>
    static abstract TSelf MultiplyAdd(TSelf left, TSelf right, TSelf addend);

    static abstract TSelf Sqrt(TSelf value);

    static abstract TSelf Abs(TSelf value);

    /// <summary>The larger of the two, NaN if either is NaN (torch.maximum, torch.amax).</summary>
    static abstract TSelf Max(TSelf left, TSelf right);

    /// <summary>1 where positive, −1 where negative, +0 at ±0, NaN at NaN (numpy's and torch's sign).</summary>
    static abstract TSelf Sign(TSelf value);
}

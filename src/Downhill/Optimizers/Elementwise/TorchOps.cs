using System.Numerics;
using System.Runtime.CompilerServices;
using Downhill.Numerics;

namespace Downhill.Optimizers.Elementwise;

/// <summary>
/// torch.optim's compound tensor operations, rounded as ATen's CPU kernels round them: <c>add(alpha=)</c> and
/// <c>addcmul</c> are one fused multiply-add (value·t1 rounded first for addcmul); <c>addcdiv</c> is
/// self + (value·t1)/t2, each operation rounded. Optimizers built from these agree with torch to the last bit.
/// </summary>
internal static class TorchOps
{
    /// <summary><c>average.mul_(decay).add_(value, alpha=weight)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane MovingAverage<TLane, T>(TLane average, TLane value, T decay, T weight)
        where TLane : struct, ILane<TLane, T> where T : unmanaged, IFloatingPointIeee754<T> =>
        TLane.MultiplyAdd(TLane.Broadcast(weight), value, average * TLane.Broadcast(decay));

    /// <summary><c>average.mul_(decay).addcmul_(value, value, value=weight)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane MovingAverageOfSquares<TLane, T>(TLane average, TLane value, T decay, T weight)
        where TLane : struct, ILane<TLane, T> where T : unmanaged, IFloatingPointIeee754<T> =>
        TLane.MultiplyAdd(TLane.Broadcast(weight) * value, value, average * TLane.Broadcast(decay));

    /// <summary><c>target.add(value, alpha=scale)</c>: e.g. L2 weight decay, <c>grad.add(param, alpha=weight_decay)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane AddScaled<TLane, T>(TLane target, TLane value, T scale)
        where TLane : struct, ILane<TLane, T> where T : unmanaged, IFloatingPointIeee754<T> =>
        TLane.MultiplyAdd(TLane.Broadcast(scale), value, target);

    /// <summary><c>target.addcdiv(numerator, denominator, value=scale)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane AddDivided<TLane, T>(TLane target, TLane numerator, TLane denominator, T scale)
        where TLane : struct, ILane<TLane, T> where T : unmanaged, IFloatingPointIeee754<T> =>
        target + TLane.Broadcast(scale) * numerator / denominator;
}

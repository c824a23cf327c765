using System.Numerics;
using System.Runtime.CompilerServices;
using Downhill.Numerics;

namespace Downhill.Optimizers.Elementwise;

/// <summary>
/// What every torch.optim update first does to the gradient: <c>g ← −g</c> when maximizing, then
/// <c>g ← g + λ·θ</c> (L2 weight decay, <c>grad.add(param, alpha=weight_decay)</c>) when λ ≠ 0.
/// </summary>
internal readonly struct GradientPreamble<T>(bool maximize, double weightDecay) where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly bool _maximize = maximize, _hasWeightDecay = weightDecay != 0;
    private readonly T _weightDecay = T.CreateTruncating(weightDecay);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TLane Apply<TLane>(TLane gradient, TLane parameters) where TLane : struct, ILane<TLane, T>
    {
        if (_maximize) gradient = -gradient;
        return _hasWeightDecay ? TorchOps.AddScaled(gradient, parameters, _weightDecay) : gradient;
    }
}

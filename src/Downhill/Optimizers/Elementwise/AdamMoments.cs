using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Downhill.Numerics;

namespace Downhill.Optimizers.Elementwise;

/// <summary>
/// The first and second moment buffers of Adam, NAdam and RAdam with their decay rates:
/// <c>m ← β₁·m + (1 − β₁)·g</c>, <c>v ← β₂·v + (1 − β₂)·g²</c>, rounded as torch rounds them.
/// </summary>
internal readonly struct AdamMoments<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _expAvg, _expAvgSq;
    private readonly T _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2;

    /// <summary>Fresh buffers (zeros) for <paramref name="length"/> parameters.</summary>
    public AdamMoments(int length, double beta1, double beta2)
    {
        _expAvg = new T[length];
        _expAvgSq = new T[length];
        _beta1 = T.CreateTruncating(beta1);
        _oneMinusBeta1 = T.CreateTruncating(1 - beta1);
        _beta2 = T.CreateTruncating(beta2);
        _oneMinusBeta2 = T.CreateTruncating(1 - beta2);
    }

    /// <summary>The two buffers, by torch's names.</summary>
    public IReadOnlyList<StateBuffer<T>> Buffers => [new("exp_avg", _expAvg), new("exp_avg_sq", _expAvgSq)];

    /// <summary>Advances both moments at <paramref name="i"/> by gradient <paramref name="g"/>, stores and returns them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance<TLane>(nuint i, TLane g, out TLane m, out TLane v) where TLane : struct, ILane<TLane, T>
    {
        ref T expAvg = ref MemoryMarshal.GetArrayDataReference(_expAvg);
        ref T expAvgSq = ref MemoryMarshal.GetArrayDataReference(_expAvgSq);
        m = TorchOps.MovingAverage(TLane.Load(ref expAvg, i), g, _beta1, _oneMinusBeta1);
        v = TorchOps.MovingAverageOfSquares(TLane.Load(ref expAvgSq, i), g, _beta2, _oneMinusBeta2);
        TLane.Store(m, ref expAvg, i);
        TLane.Store(v, ref expAvgSq, i);
    }
}

using System.Numerics;
using System.Runtime.InteropServices;
using Downhill.Optimizers.Elementwise;

namespace Downhill.Optimizers;

/// <summary>
/// The buffers and step of <see cref="Adam"/> and <see cref="AdamW"/>, which differ only in where weight decay acts:
/// added to the gradient (L2) or applied to the parameters before the step (decoupled).
/// </summary>
/// <remarks>
/// The operations and their order are torch's <c>_single_tensor_adam(w)</c>, scalars rounded to T as ATen rounds them:
/// <c>m ← m·β₁ + (1−β₁)·g</c> (fused), <c>v ← v·β₂ + ((1−β₂)·g)·g</c> (fused),
/// <c>θ ← θ + (−step_size·m) / (√v / √(1−β₂ᵗ) + ε)</c> with <c>step_size = lr / (1−β₁ᵗ)</c> in double.
/// </remarks>
internal sealed class AdamState<T> : ElementwiseState<T, AdamState<T>.Update>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double _beta1, _beta2, _eps, _l2WeightDecay, _decoupledWeightDecay;
    private readonly bool _amsgrad, _maximize;
    private readonly T[] _expAvg, _expAvgSq;
    private readonly T[]? _maxExpAvgSq;

    public AdamState(int length, double beta1, double beta2, double eps, double l2WeightDecay, double decoupledWeightDecay,
        bool amsgrad, bool maximize) : base(length)
    {
        (_beta1, _beta2, _eps, _l2WeightDecay, _decoupledWeightDecay, _amsgrad, _maximize) =
            (beta1, beta2, eps, l2WeightDecay, decoupledWeightDecay, amsgrad, maximize);
        _expAvg = new T[length];
        _expAvgSq = new T[length];
        _maxExpAvgSq = amsgrad ? new T[length] : null;
    }

    protected override Update Prepare(double learningRate)
    {
        double biasCorrection1 = 1 - Math.Pow(_beta1, Steps);
        double biasCorrection2 = 1 - Math.Pow(_beta2, Steps);
        return new Update
        {
            ExpAvg = _expAvg,
            ExpAvgSq = _expAvgSq,
            MaxExpAvgSq = _maxExpAvgSq,
            Maximize = _maximize,
            HasL2 = _l2WeightDecay != 0,
            HasDecoupled = _decoupledWeightDecay != 0,
            L2WeightDecay = T.CreateTruncating(_l2WeightDecay),
            ParameterScale = T.CreateTruncating(1 - learningRate * _decoupledWeightDecay),
            Beta1 = T.CreateTruncating(_beta1),
            OneMinusBeta1 = T.CreateTruncating(1 - _beta1),
            Beta2 = T.CreateTruncating(_beta2),
            OneMinusBeta2 = T.CreateTruncating(1 - _beta2),
            BiasCorrection2Sqrt = T.CreateTruncating(Math.Sqrt(biasCorrection2)),
            Eps = T.CreateTruncating(_eps),
            NegativeStepSize = T.CreateTruncating(-(learningRate / biasCorrection1)),
        };
    }

    internal struct Update : IElementwiseUpdate<T>
    {
        public T[] ExpAvg, ExpAvgSq;
        public T[]? MaxExpAvgSq;
        public bool Maximize, HasL2, HasDecoupled;
        public T L2WeightDecay, ParameterScale, Beta1, OneMinusBeta1, Beta2, OneMinusBeta2, BiasCorrection2Sqrt, Eps, NegativeStepSize;

        public readonly void Apply<TLane>(ref T parameters, ref T gradient, nuint i) where TLane : struct, ILane<TLane, T>
        {
            ref T expAvg = ref MemoryMarshal.GetArrayDataReference(ExpAvg);
            ref T expAvgSq = ref MemoryMarshal.GetArrayDataReference(ExpAvgSq);
            var p = TLane.Load(ref parameters, i);
            var g = TLane.Load(ref gradient, i);
            if (Maximize) g = -g;
            if (HasDecoupled) p *= TLane.Broadcast(ParameterScale);
            if (HasL2) g = TLane.MultiplyAdd(TLane.Broadcast(L2WeightDecay), p, g);
            var m = TLane.MultiplyAdd(TLane.Broadcast(OneMinusBeta1), g, TLane.Load(ref expAvg, i) * TLane.Broadcast(Beta1));
            var v = TLane.MultiplyAdd(TLane.Broadcast(OneMinusBeta2) * g, g, TLane.Load(ref expAvgSq, i) * TLane.Broadcast(Beta2));
            TLane.Store(m, ref expAvg, i);
            TLane.Store(v, ref expAvgSq, i);
            if (MaxExpAvgSq is not null)
            {
                ref T maxExpAvgSq = ref MemoryMarshal.GetArrayDataReference(MaxExpAvgSq);
                v = TLane.Max(TLane.Load(ref maxExpAvgSq, i), v);
                TLane.Store(v, ref maxExpAvgSq, i);
            }
            var denominator = TLane.Sqrt(v) / TLane.Broadcast(BiasCorrection2Sqrt) + TLane.Broadcast(Eps);
            TLane.Store(p + TLane.Broadcast(NegativeStepSize) * m / denominator, ref parameters, i);
        }
    }
}

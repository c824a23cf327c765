using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Downhill.Numerics;
using Downhill.Optimizers.Elementwise;

namespace Downhill.Optimizers;

/// <summary>
/// The buffers and step of <see cref="Adam"/> and <see cref="AdamW"/>, which differ only in where weight decay acts:
/// added to the gradient (L2) or applied to the parameters before the step (decoupled).
/// </summary>
/// <remarks>
/// The operations and their order are torch's <c>_single_tensor_adam(w)</c>, scalars rounded to T as ATen rounds them:
/// the moments by <see cref="AdamMoments{T}"/>, then <c>θ ← θ + (−step_size·m) / (√v / √(1−β₂ᵗ) + ε)</c> with
/// <c>step_size = lr / (1−β₁ᵗ)</c> and both bias corrections computed in double.
/// </remarks>
internal sealed class AdamState<T> : ElementwiseState<T, AdamState<T>.Update>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double _eps, _decoupledWeightDecay;
    private readonly GradientPreamble<T> _gradient;
    private readonly AdamMoments<T> _moments;
    private BiasCorrection _biasCorrection1, _biasCorrection2;
    private readonly T[]? _maxExpAvgSq;

    public AdamState(int length, double beta1, double beta2, double eps, double l2WeightDecay, double decoupledWeightDecay,
        bool amsgrad, bool maximize) : base(length)
    {
        (_eps, _decoupledWeightDecay) = (eps, decoupledWeightDecay);
        _gradient = new GradientPreamble<T>(maximize, l2WeightDecay);
        _moments = new AdamMoments<T>(length, beta1, beta2);
        (_biasCorrection1, _biasCorrection2) = (new(beta1), new(beta2));
        _maxExpAvgSq = amsgrad ? new T[length] : null;
    }

    public override IReadOnlyList<StateBuffer<T>> Buffers =>
        [.. _moments.Buffers, .. _maxExpAvgSq is null ? Array.Empty<StateBuffer<T>>() : [new("max_exp_avg_sq", _maxExpAvgSq)]];

    protected override Update Prepare(double learningRate)
    {
        double biasCorrection1 = _biasCorrection1.At(Steps);
        double biasCorrection2 = _biasCorrection2.At(Steps);
        return new Update
        {
            Moments = _moments,
            MaxExpAvgSq = _maxExpAvgSq,
            Gradient = _gradient,
            HasDecoupled = _decoupledWeightDecay != 0,
            ParameterScale = T.CreateTruncating(1 - learningRate * _decoupledWeightDecay),
            BiasCorrection2Sqrt = T.CreateTruncating(Math.Sqrt(biasCorrection2)),
            // Dividing by exactly 1 is exact: once the correction has rounded to 1, the division is left out, same bits.
            DividesByCorrection = biasCorrection2 != 1,
            Eps = T.CreateTruncating(_eps),
            NegativeStepSize = T.CreateTruncating(-(learningRate / biasCorrection1)),
        };
    }

    /// <summary>Once both corrections are 1 the update depends on the learning rate alone.</summary>
    protected override bool UpdateIsSteady => _biasCorrection1.IsOne && _biasCorrection2.IsOne;

    internal struct Update : IElementwiseUpdate<T>
    {
        public AdamMoments<T> Moments;
        public T[]? MaxExpAvgSq;
        public GradientPreamble<T> Gradient;
        public bool HasDecoupled, DividesByCorrection;
        public T ParameterScale, BiasCorrection2Sqrt, Eps, NegativeStepSize;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Apply<TLane>(ref T parameters, ref T gradient, nuint i) where TLane : struct, ILane<TLane, T>
        {
            var p = TLane.Load(ref parameters, i);
            var g = Gradient.Apply(TLane.Load(ref gradient, i), p);
            if (HasDecoupled) p *= TLane.Broadcast(ParameterScale); // AdamW, which has no L2 term
            Moments.Advance(i, g, out var m, out var v);
            if (MaxExpAvgSq is not null)
            {
                ref T maxExpAvgSq = ref MemoryMarshal.GetArrayDataReference(MaxExpAvgSq);
                v = TLane.Max(TLane.Load(ref maxExpAvgSq, i), v);
                TLane.Store(v, ref maxExpAvgSq, i);
            }
            var root = TLane.Sqrt(v);
            if (DividesByCorrection) root /= TLane.Broadcast(BiasCorrection2Sqrt);
            var denominator = root + TLane.Broadcast(Eps);
            TLane.Store(TorchOps.AddDivided(p, m, denominator, NegativeStepSize), ref parameters, i);
        }
    }
}

using System.Numerics;
using System.Runtime.InteropServices;
using Downhill.Optimizers.Elementwise;
using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>NAdam, Adam with Nesterov momentum (Dozat, 2016): torch.optim.NAdam (1.13).</summary>
/// <remarks>
/// <para>With g = ∇f(θₜ), γ = <c>lr</c>, ψ = <c>momentum_decay</c>, λ = <c>weight_decay</c>, t counting from 1:</para>
/// <code>
/// g  ← g + λ·θₜ                                   (if λ ≠ 0)
/// μₜ ← β₁·(1 − ½·0.96^(t·ψ));   μₜ₊₁ ← β₁·(1 − ½·0.96^((t+1)·ψ));   Πₜ ← μ₁·…·μₜ
/// mₜ ← β₁·mₜ₋₁ + (1 − β₁)·g;   vₜ ← β₂·vₜ₋₁ + (1 − β₂)·g²
/// d  ← √(vₜ / (1 − β₂ᵗ)) + ε
/// θₜ₊₁ ← θₜ − γ(1 − μₜ)/(1 − Πₜ) · g/d − γ·μₜ₊₁/(1 − Πₜ·μₜ₊₁) · mₜ/d
/// </code>
/// <para>The momentum schedule μₜ (warming β₁ up over the first few hundred steps) is Dozat's and torch's; Keras uses
/// the same, optax's <c>nadam</c> uses a constant β₁. torch 1.13 keeps Π in a float32 scalar whatever the
/// parameters' type, and this type does the same so that trajectories agree to rounding. torch 1.13's NAdam has no
/// <c>maximize</c>.</para>
/// </remarks>
public sealed class NAdam : FirstOrderOptimizer
{
    public NAdam(double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0,
        double momentumDecay = 4e-3)
    {
        LearningRate = HyperparameterRange.NonNegative(Name, "lr", lr);
        Beta1 = HyperparameterRange.Beta(Name, "beta1", beta1);
        Beta2 = HyperparameterRange.Beta(Name, "beta2", beta2);
        Eps = HyperparameterRange.NonNegative(Name, "eps", eps);
        WeightDecay = HyperparameterRange.NonNegative(Name, "weight_decay", weightDecay);
        MomentumDecay = HyperparameterRange.NonNegative(Name, "momentum_decay", momentumDecay);
    }

    public override string Name => "nadam";
    public override double LearningRate { get; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }
    public double WeightDecay { get; }

    /// <summary>ψ in the momentum schedule μₜ = β₁(1 − ½·0.96^(tψ)).</summary>
    public double MomentumDecay { get; }

    public override IReadOnlyList<Hyperparameter> Hyperparameters =>
    [
        new("lr", LearningRate), new("beta1", Beta1), new("beta2", Beta2), new("eps", Eps),
        new("weight_decay", WeightDecay), new("momentum_decay", MomentumDecay),
    ];

    public override ParameterState<T> CreateState<T>(int length) => new State<T>(this, length);

    internal static NAdam FromSpec(Spec spec)
    {
        var v = HyperparameterValues.Read(spec, new NAdam().Hyperparameters);
        return new NAdam(v.Double("lr"), v.Double("beta1"), v.Double("beta2"), v.Double("eps"), v.Double("weight_decay"),
            v.Double("momentum_decay"));
    }

    private sealed class State<T>(NAdam settings, int length) : ElementwiseState<T, Update<T>>(length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _expAvg = new T[length];
        private readonly T[] _expAvgSq = new T[length];
        private float _muProduct = 1;

        protected override Update<T> Prepare(double learningRate)
        {
            double beta1 = settings.Beta1;
            double mu = beta1 * (1.0 - 0.5 * Math.Pow(0.96, Steps * settings.MomentumDecay));
            double muNext = beta1 * (1.0 - 0.5 * Math.Pow(0.96, (Steps + 1) * settings.MomentumDecay));
            _muProduct *= (float)mu;
            float muProductNext = _muProduct * (float)mu * (float)muNext;
            return new Update<T>
            {
                ExpAvg = _expAvg,
                ExpAvgSq = _expAvgSq,
                HasWeightDecay = settings.WeightDecay != 0,
                WeightDecay = T.CreateTruncating(settings.WeightDecay),
                Beta1 = T.CreateTruncating(beta1),
                OneMinusBeta1 = T.CreateTruncating(1 - beta1),
                Beta2 = T.CreateTruncating(settings.Beta2),
                OneMinusBeta2 = T.CreateTruncating(1 - settings.Beta2),
                BiasCorrection2 = T.CreateTruncating(1 - Math.Pow(settings.Beta2, Steps)),
                Eps = T.CreateTruncating(settings.Eps),
                GradientCoefficient = T.CreateTruncating(-learningRate * (1.0 - mu) / (1.0 - _muProduct)),
                AverageCoefficient = T.CreateTruncating(-learningRate * muNext / (1.0 - muProductNext)),
            };
        }
    }

    private struct Update<T> : IElementwiseUpdate<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T[] ExpAvg, ExpAvgSq;
        public bool HasWeightDecay;
        public T WeightDecay, Beta1, OneMinusBeta1, Beta2, OneMinusBeta2, BiasCorrection2, Eps, GradientCoefficient, AverageCoefficient;

        public readonly void Apply<TLane>(ref T parameters, ref T gradient, nuint i) where TLane : struct, ILane<TLane, T>
        {
            ref T expAvg = ref MemoryMarshal.GetArrayDataReference(ExpAvg);
            ref T expAvgSq = ref MemoryMarshal.GetArrayDataReference(ExpAvgSq);
            var p = TLane.Load(ref parameters, i);
            var g = TLane.Load(ref gradient, i);
            if (HasWeightDecay) g = TLane.MultiplyAdd(TLane.Broadcast(WeightDecay), p, g);
            var m = TLane.MultiplyAdd(TLane.Broadcast(OneMinusBeta1), g, TLane.Load(ref expAvg, i) * TLane.Broadcast(Beta1));
            var v = TLane.MultiplyAdd(TLane.Broadcast(OneMinusBeta2) * g, g, TLane.Load(ref expAvgSq, i) * TLane.Broadcast(Beta2));
            TLane.Store(m, ref expAvg, i);
            TLane.Store(v, ref expAvgSq, i);
            var denominator = TLane.Sqrt(v / TLane.Broadcast(BiasCorrection2)) + TLane.Broadcast(Eps);
            p += TLane.Broadcast(GradientCoefficient) * g / denominator;
            TLane.Store(p + TLane.Broadcast(AverageCoefficient) * m / denominator, ref parameters, i);
        }
    }
}

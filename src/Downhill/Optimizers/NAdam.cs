using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Downhill.Numerics;
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
public sealed class NAdam : AdamVariant
{
    /// <summary><c>nadam</c>: its hyperparameters, declared.</summary>
    public static MethodDeclaration<FirstOrderOptimizer> Declared { get; } = new("nadam",
        "Adam with Nesterov momentum on a warming schedule (torch.optim.NAdam)",
        Declare(2e-3, CommonHyperparameters.WeightDecay(), "β₂: decay rate of the second moment v",
            HyperparameterDeclaration.Real("momentum_decay", 4e-3, "ψ in the momentum schedule μₜ = β₁(1 − ½·0.96^(tψ))",
                min: 0, typicalMax: 0.01)),
        v => new NAdam(v));

    /// <summary>NAdam; the arguments are torch's, checked against <see cref="Declared"/>.</summary>
    public NAdam(double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0,
        double momentumDecay = 4e-3)
        : this(Declared.Bind(lr, beta1, beta2, eps, weightDecay, momentumDecay))
    {
    }

    private NAdam(HyperparameterValues v) : base(Declared, v) => MomentumDecay = v.Real("momentum_decay");

    /// <summary>ψ in the momentum schedule μₜ = β₁(1 − ½·0.96^(tψ)).</summary>
    public double MomentumDecay { get; }

    /// <inheritdoc/>
    public override ParameterState<T> CreateState<T>(int length) => new State<T>(this, length);

    private sealed class State<T>(NAdam settings, int length) : ElementwiseState<T, Update<T>>(length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly GradientPreamble<T> _gradient = new(false, settings.WeightDecay);
        private readonly AdamMoments<T> _moments = new(length, settings.Beta1, settings.Beta2);
        private BiasCorrection _biasCorrection2 = new(settings.Beta2);
        private float _muProduct = 1;

        // The previous step's μₜ₊₁ is this step's μₜ: the same expression of the same numbers, so the same bits.
        private double _muNext = double.NaN;

        public override IReadOnlyList<StateBuffer<T>> Buffers => _moments.Buffers;

        /// <summary>Π, the product of the momentum factors so far (torch's <c>mu_product</c>, a float32).</summary>
        protected override IReadOnlyList<StateScalar> OwnScalars =>
            [StateScalar.Single("mu_product", () => _muProduct, value => (_muProduct, _muNext) = (value, double.NaN))];

        protected override Update<T> Prepare(double learningRate)
        {
            double mu = double.IsNaN(_muNext) ? Momentum(Steps) : _muNext;
            double muNext = _muNext = Momentum(Steps + 1);
            _muProduct *= (float)mu;
            float muProductNext = _muProduct * (float)mu * (float)muNext;
            return new Update<T>
            {
                Moments = _moments,
                Gradient = _gradient,
                BiasCorrection2 = T.CreateTruncating(_biasCorrection2.At(Steps)),
                Eps = T.CreateTruncating(settings.Eps),
                GradientCoefficient = T.CreateTruncating(-learningRate * (1.0 - mu) / (1.0 - _muProduct)),
                AverageCoefficient = T.CreateTruncating(-learningRate * muNext / (1.0 - muProductNext)),
            };
        }

        /// <summary>μₜ = β₁(1 − ½·0.96^(tψ)), as torch evaluates it.</summary>
        private double Momentum(long step) => settings.Beta1 * (1.0 - 0.5 * Math.Pow(0.96, step * settings.MomentumDecay));
    }

    private struct Update<T> : IElementwiseUpdate<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public AdamMoments<T> Moments;
        public GradientPreamble<T> Gradient;
        public T BiasCorrection2, Eps, GradientCoefficient, AverageCoefficient;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Apply<TLane>(ref T parameters, ref T gradient, nuint i) where TLane : struct, ILane<TLane, T>
        {
            var p = TLane.Load(ref parameters, i);
            var g = Gradient.Apply(TLane.Load(ref gradient, i), p);
            Moments.Advance(i, g, out var m, out var v);
            var denominator = TLane.Sqrt(v / TLane.Broadcast(BiasCorrection2)) + TLane.Broadcast(Eps);
            p = TorchOps.AddDivided(p, g, denominator, GradientCoefficient);
            TLane.Store(TorchOps.AddDivided(p, m, denominator, AverageCoefficient), ref parameters, i);
        }
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Downhill.Numerics;
using Downhill.Optimizers.Elementwise;
using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>Rectified Adam (Liu et al., 2020): torch.optim.RAdam (1.13).</summary>
/// <remarks>
/// <para>With g = ∇f(θₜ), γ = <c>lr</c>, λ = <c>weight_decay</c>, t counting from 1:</para>
/// <code>
/// g  ← g + λ·θₜ                                     (if λ ≠ 0)
/// mₜ ← β₁·mₜ₋₁ + (1 − β₁)·g;   vₜ ← β₂·vₜ₋₁ + (1 − β₂)·g²;   m̂ ← mₜ / (1 − β₁ᵗ)
/// ρ∞ ← 2/(1 − β₂) − 1;   ρₜ ← ρ∞ − 2t·β₂ᵗ/(1 − β₂ᵗ)
/// if ρₜ &gt; 5:  r ← √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ));   θₜ₊₁ ← θₜ − γ·m̂·√(1 − β₂ᵗ)/(√vₜ + ε)·r
/// else:       θₜ₊₁ ← θₜ − γ·m̂                      (plain momentum while the variance estimate is unreliable)
/// </code>
/// <para>The switch-over threshold is 5, as in torch and the paper's code (the paper's text says 4; optax uses a
/// configurable threshold of 5). torch 1.13's RAdam has no <c>maximize</c> and only L2 weight decay.</para>
/// </remarks>
public sealed class RAdam : AdamVariant
{
    /// <summary><c>radam</c>: its hyperparameters, declared.</summary>
    public static MethodDeclaration<FirstOrderOptimizer> Declared { get; } = new("radam",
        "Adam with its adaptive step rectified by its variance (torch.optim.RAdam)",
        Declare(1e-3, CommonHyperparameters.WeightDecay(), "β₂: decay rate of the second moment v"),
        v => new RAdam(v));

    /// <summary>RAdam; the arguments are torch's, checked against <see cref="Declared"/>.</summary>
    public RAdam(double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
        : this(Declared.Bind(lr, beta1, beta2, eps, weightDecay))
    {
    }

    private RAdam(HyperparameterValues v) : base(Declared, v)
    {
    }

    /// <inheritdoc/>
    public override ParameterState<T> CreateState<T>(int length) => new State<T>(this, length);

    private sealed class State<T>(RAdam settings, int length) : ElementwiseState<T, Update<T>>(length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly GradientPreamble<T> _gradient = new(false, settings.WeightDecay);
        private readonly AdamMoments<T> _moments = new(length, settings.Beta1, settings.Beta2);
        private BiasCorrection _biasCorrection1 = new(settings.Beta1);

        public override IReadOnlyList<StateBuffer<T>> Buffers => _moments.Buffers;

        protected override Update<T> Prepare(double learningRate)
        {
            double beta2 = settings.Beta2;
            double step = Steps;
            double beta2Power = Math.Pow(beta2, step); // torch evaluates beta2 ** step twice, to the same bits
            double biasCorrection2 = 1 - beta2Power;
            double rhoInfinity = 2 / (1 - beta2) - 1;
            double rho = rhoInfinity - 2 * step * beta2Power / biasCorrection2;
            bool rectified = rho > 5.0;
            return new Update<T>
            {
                Moments = _moments,
                Gradient = _gradient,
                BiasCorrection1 = T.CreateTruncating(_biasCorrection1.At(Steps)),
                LearningRate = T.CreateTruncating(learningRate),
                Rectified = rectified,
                BiasCorrection2Sqrt = T.CreateTruncating(Math.Sqrt(biasCorrection2)),
                Eps = T.CreateTruncating(settings.Eps),
                Rectification = rectified
                    ? T.CreateTruncating(Math.Sqrt((rho - 4) * (rho - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho)))
                    : T.Zero,
            };
        }
    }

    private struct Update<T> : IElementwiseUpdate<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public AdamMoments<T> Moments;
        public GradientPreamble<T> Gradient;
        public bool Rectified;
        public T BiasCorrection1, LearningRate,
            BiasCorrection2Sqrt, Eps, Rectification;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Apply<TLane>(ref T parameters, ref T gradient, nuint i) where TLane : struct, ILane<TLane, T>
        {
            var p = TLane.Load(ref parameters, i);
            var g = Gradient.Apply(TLane.Load(ref gradient, i), p);
            Moments.Advance(i, g, out var m, out var v);
            var step = m / TLane.Broadcast(BiasCorrection1) * TLane.Broadcast(LearningRate);
            if (Rectified)
            {
                // torch divides a number by a tensor as reciprocal-then-multiply.
                var adaptive = TLane.Broadcast(T.One) / (TLane.Sqrt(v) + TLane.Broadcast(Eps)) * TLane.Broadcast(BiasCorrection2Sqrt);
                step = step * adaptive * TLane.Broadcast(Rectification);
            }
            TLane.Store(p - step, ref parameters, i);
        }
    }
}

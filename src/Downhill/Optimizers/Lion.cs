using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Downhill.Numerics;
using Downhill.Optimizers.Elementwise;
using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>Lion, EvoLved Sign Momentum (Chen et al., 2023, "Symbolic Discovery of Optimization Algorithms", Algorithm 2).</summary>
/// <remarks>
/// <para>With g = ∇f(θₜ) (negated when <c>maximize</c>), γ = <c>lr</c>, λ = <c>weight_decay</c>:</para>
/// <code>
/// c  ← β₁·mₜ₋₁ + (1 − β₁)·g
/// θₜ₊₁ ← θₜ·(1 − γ·λ) − γ·sign(c)        (sign(0) = 0)
/// mₜ ← β₂·mₜ₋₁ + (1 − β₂)·g
/// </code>
/// <para>Every coordinate moves by exactly γ (before decay), so γ is typically 3–10× smaller than AdamW's and λ as much
/// larger. Only one buffer, m, is kept. Weight decay is decoupled and scaled by γ, as in the paper's code and AdamW.
/// torch 1.13 has no Lion: tools/reference/lion.py implements the paper's update in numpy for the reference trajectories.</para>
/// <para>The operations, in order, each rounded to the parameters' type (no fused multiply-add, so numpy's float32 and
/// float64 arithmetic performs the very same ones): β₁·m and (1 − β₁)·g, then their sum c; θ·(1 − γλ), left out when
/// λ = 0 (θ·1 = θ); then θ − γ·sign(c), in which γ·sign(c) is exact (±γ or 0); then β₂·m and (1 − β₂)·g and their sum.
/// The scalars β₁, 1 − β₁, β₂, 1 − β₂, γ and 1 − γλ are computed in double and rounded once to the parameters' type.</para>
/// </remarks>
public sealed class Lion : FirstOrderOptimizer
{
    /// <summary><c>lion</c>: its hyperparameters, declared.</summary>
    public static MethodDeclaration<FirstOrderOptimizer> Declared { get; } = new("lion",
        "sign of an interpolated momentum, every coordinate stepping by lr (Chen et al., 2023)",
        [
            CommonHyperparameters.LearningRate(1e-4),
            CommonHyperparameters.DecayRate("beta1", 0.9, "β₁: how much of m the step's direction c takes (the rest is g)"),
            CommonHyperparameters.DecayRate("beta2", 0.99, "β₂: decay rate of the momentum m"),
            CommonHyperparameters.WeightDecay(0, "decoupled weight decay λ: θ ← θ·(1 − γ·λ) before the step"),
            CommonHyperparameters.Maximize,
        ], v => new Lion(v));

    /// <summary>Lion; the arguments are the paper's, checked against <see cref="Declared"/>.</summary>
    public Lion(double lr = 1e-4, double beta1 = 0.9, double beta2 = 0.99, double weightDecay = 0, bool maximize = false)
        : this(Declared.Bind(lr, beta1, beta2, weightDecay, maximize))
    {
    }

    private Lion(HyperparameterValues v) : base(Declared, v)
    {
        LearningRate = v.Real("lr");
        Beta1 = v.Real("beta1");
        Beta2 = v.Real("beta2");
        WeightDecay = v.Real("weight_decay");
        Maximize = v.Flag("maximize");
    }

    /// <inheritdoc/>
    public override double LearningRate { get; }

    /// <summary>β₁: the share of m in the step's direction.</summary>
    public double Beta1 { get; }

    /// <summary>β₂: decay rate of the momentum.</summary>
    public double Beta2 { get; }

    /// <summary>λ: decoupled weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>Climb: step along +∇f.</summary>
    public bool Maximize { get; }

    /// <inheritdoc/>
    public override ParameterState<T> CreateState<T>(int length) => new State<T>(this, length);

    private sealed class State<T>(Lion settings, int length) : ElementwiseState<T, Update<T>>(length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _expAvg = new T[length];

        public override IReadOnlyList<StateBuffer<T>> Buffers => [new("exp_avg", _expAvg)];

        protected override Update<T> Prepare(double learningRate) => new()
        {
            ExpAvg = _expAvg,
            Maximize = settings.Maximize,
            HasDecay = settings.WeightDecay != 0,
            ParameterScale = T.CreateTruncating(1 - learningRate * settings.WeightDecay),
            Beta1 = T.CreateTruncating(settings.Beta1),
            OneMinusBeta1 = T.CreateTruncating(1 - settings.Beta1),
            Beta2 = T.CreateTruncating(settings.Beta2),
            OneMinusBeta2 = T.CreateTruncating(1 - settings.Beta2),
            LearningRate = T.CreateTruncating(learningRate),
        };
    }

    private struct Update<T> : IElementwiseUpdate<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T[] ExpAvg;
        public bool Maximize, HasDecay;
        public T ParameterScale, Beta1, OneMinusBeta1, Beta2, OneMinusBeta2, LearningRate;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Apply<TLane>(ref T parameters, ref T gradient, nuint i) where TLane : struct, ILane<TLane, T>
        {
            ref T expAvg = ref MemoryMarshal.GetArrayDataReference(ExpAvg);
            var p = TLane.Load(ref parameters, i);
            var g = TLane.Load(ref gradient, i);
            if (Maximize) g = -g;
            var m = TLane.Load(ref expAvg, i);
            var c = m * TLane.Broadcast(Beta1) + g * TLane.Broadcast(OneMinusBeta1);
            if (HasDecay) p *= TLane.Broadcast(ParameterScale);
            TLane.Store(p - TLane.Broadcast(LearningRate) * TLane.Sign(c), ref parameters, i);
            TLane.Store(m * TLane.Broadcast(Beta2) + g * TLane.Broadcast(OneMinusBeta2), ref expAvg, i);
        }
    }
}

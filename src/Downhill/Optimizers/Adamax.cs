using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Downhill.Numerics;
using Downhill.Optimizers.Elementwise;
using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>Adamax, Adam under the infinity norm (Kingma &amp; Ba, 2015, §7.1): torch.optim.Adamax (1.13).</summary>
/// <remarks>
/// <para>With g = ∇f(θₜ) (negated when <c>maximize</c>), γ = <c>lr</c>, λ = <c>weight_decay</c>, t counting from 1:</para>
/// <code>
/// g  ← g + λ·θₜ                       (if λ ≠ 0)
/// mₜ ← β₁·mₜ₋₁ + (1 − β₁)·g
/// uₜ ← max(β₂·uₜ₋₁, |g| + ε)
/// θₜ₊₁ ← θₜ − (γ / (1 − β₁ᵗ)) · mₜ / uₜ
/// </code>
/// <para>torch adds ε to |g| inside the max (the paper has no ε; Keras adds it to u in the step's denominator).</para>
/// </remarks>
public sealed class Adamax : AdamVariant
{
    /// <summary><c>adamax</c>: its hyperparameters, declared.</summary>
    public static MethodDeclaration<FirstOrderOptimizer> Declared { get; } = new("adamax",
        "Adam under the infinity norm (torch.optim.Adamax)",
        Declare(2e-3, CommonHyperparameters.WeightDecay(), "β₂: decay rate of the infinity norm u",
            CommonHyperparameters.Maximize),
        v => new Adamax(v));

    /// <summary>Adamax; the arguments are torch's, checked against <see cref="Declared"/>.</summary>
    public Adamax(double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0,
        bool maximize = false)
        : this(Declared.Bind(lr, beta1, beta2, eps, weightDecay, maximize))
    {
    }

    private Adamax(HyperparameterValues v) : base(Declared, v) => Maximize = v.Flag("maximize");

    /// <summary>Climb: step along +∇f.</summary>
    public bool Maximize { get; }

    /// <inheritdoc/>
    public override ParameterState<T> CreateState<T>(int length) => new State<T>(this, length);

    private sealed class State<T>(Adamax settings, int length) : ElementwiseState<T, Update<T>>(length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly GradientPreamble<T> _gradient = new(settings.Maximize, settings.WeightDecay);
        private readonly T[] _expAvg = new T[length];
        private readonly T[] _expInf = new T[length];
        private BiasCorrection _biasCorrection = new(settings.Beta1);

        public override IReadOnlyList<StateBuffer<T>> Buffers => [new("exp_avg", _expAvg), new("exp_inf", _expInf)];

        protected override Update<T> Prepare(double learningRate) => new()
        {
            ExpAvg = _expAvg,
            ExpInf = _expInf,
            Gradient = _gradient,
            Beta1 = T.CreateTruncating(settings.Beta1),
            OneMinusBeta1 = T.CreateTruncating(1 - settings.Beta1),
            Beta2 = T.CreateTruncating(settings.Beta2),
            Eps = T.CreateTruncating(settings.Eps),
            NegativeStepSize = T.CreateTruncating(-(learningRate / _biasCorrection.At(Steps))),
        };
    }

    private struct Update<T> : IElementwiseUpdate<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T[] ExpAvg, ExpInf;
        public GradientPreamble<T> Gradient;
        public T Beta1, OneMinusBeta1, Beta2, Eps, NegativeStepSize;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Apply<TLane>(ref T parameters, ref T gradient, nuint i) where TLane : struct, ILane<TLane, T>
        {
            ref T expAvg = ref MemoryMarshal.GetArrayDataReference(ExpAvg);
            ref T expInf = ref MemoryMarshal.GetArrayDataReference(ExpInf);
            var p = TLane.Load(ref parameters, i);
            var g = Gradient.Apply(TLane.Load(ref gradient, i), p);
            var m = TorchOps.MovingAverage(TLane.Load(ref expAvg, i), g, Beta1, OneMinusBeta1);
            var u = TLane.Max(TLane.Load(ref expInf, i) * TLane.Broadcast(Beta2), TLane.Abs(g) + TLane.Broadcast(Eps));
            TLane.Store(m, ref expAvg, i);
            TLane.Store(u, ref expInf, i);
            TLane.Store(TorchOps.AddDivided(p, m, u, NegativeStepSize), ref parameters, i);
        }
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Downhill.Numerics;
using Downhill.Optimizers.Elementwise;
using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>Adadelta (Zeiler, 2012): torch.optim.Adadelta (1.13).</summary>
/// <remarks>
/// <para>With g = ∇f(θₜ) (negated when <c>maximize</c>), γ = <c>lr</c>, ρ = <c>rho</c>, λ = <c>weight_decay</c>:</para>
/// <code>
/// g  ← g + λ·θₜ                              (if λ ≠ 0)
/// vₜ ← ρ·vₜ₋₁ + (1 − ρ)·g²
/// Δ  ← √(uₜ₋₁ + ε) / √(vₜ + ε) · g
/// uₜ ← ρ·uₜ₋₁ + (1 − ρ)·Δ²
/// θₜ₊₁ ← θₜ − γ·Δ
/// </code>
/// <para>The paper has no learning rate (γ = 1, torch's default); Keras's default is 1e-3 with ε = 1e-7, torch's
/// ε is 1e-6. ε sits inside both square roots.</para>
/// </remarks>
public sealed class Adadelta : FirstOrderOptimizer
{
    /// <summary><c>adadelta</c>: its hyperparameters, declared.</summary>
    public static MethodDeclaration<FirstOrderOptimizer> Declared { get; } = new("adadelta",
        "steps scaled by running roots of past steps over past gradients (torch.optim.Adadelta)",
        [
            CommonHyperparameters.LearningRate(1.0),
            CommonHyperparameters.DecayRate("rho", 0.9, "ρ: decay rate of both running averages"),
            CommonHyperparameters.Eps(1e-6, "ε inside both roots"),
            CommonHyperparameters.WeightDecay(),
            CommonHyperparameters.Maximize,
        ], v => new Adadelta(v));

    /// <summary>Adadelta; the arguments are torch's, checked against <see cref="Declared"/>.</summary>
    public Adadelta(double lr = 1.0, double rho = 0.9, double eps = 1e-6, double weightDecay = 0, bool maximize = false)
        : this(Declared.Bind(lr, rho, eps, weightDecay, maximize))
    {
    }

    private Adadelta(HyperparameterValues v) : base(Declared, v)
    {
        LearningRate = v.Real("lr");
        Rho = v.Real("rho");
        Eps = v.Real("eps");
        WeightDecay = v.Real("weight_decay");
        Maximize = v.Flag("maximize");
    }

    /// <inheritdoc/>
    public override double LearningRate { get; }

    /// <summary>Decay rate of both running averages.</summary>
    public double Rho { get; }

    /// <summary>ε inside both roots.</summary>
    public double Eps { get; }

    /// <summary>λ: L2 weight decay added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>Climb: step along +∇f.</summary>
    public bool Maximize { get; }

    /// <inheritdoc/>
    public override ParameterState<T> CreateState<T>(int length) => new State<T>(this, length);

    private sealed class State<T>(Adadelta settings, int length) : ElementwiseState<T, Update<T>>(length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly GradientPreamble<T> _gradient = new(settings.Maximize, settings.WeightDecay);
        private readonly T[] _squareAverage = new T[length];
        private readonly T[] _deltaAverage = new T[length];

        public override IReadOnlyList<StateBuffer<T>> Buffers => [new("square_avg", _squareAverage), new("acc_delta", _deltaAverage)];

        protected override Update<T> Prepare(double learningRate) => new()
        {
            SquareAverage = _squareAverage,
            DeltaAverage = _deltaAverage,
            Gradient = _gradient,
            Rho = T.CreateTruncating(settings.Rho),
            OneMinusRho = T.CreateTruncating(1 - settings.Rho),
            Eps = T.CreateTruncating(settings.Eps),
            NegativeLearningRate = T.CreateTruncating(-learningRate),
        };
    }

    private struct Update<T> : IElementwiseUpdate<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T[] SquareAverage, DeltaAverage;
        public GradientPreamble<T> Gradient;
        public T Rho, OneMinusRho, Eps, NegativeLearningRate;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Apply<TLane>(ref T parameters, ref T gradient, nuint i) where TLane : struct, ILane<TLane, T>
        {
            ref T squareAverage = ref MemoryMarshal.GetArrayDataReference(SquareAverage);
            ref T deltaAverage = ref MemoryMarshal.GetArrayDataReference(DeltaAverage);
            var p = TLane.Load(ref parameters, i);
            var g = Gradient.Apply(TLane.Load(ref gradient, i), p);
            var eps = TLane.Broadcast(Eps);
            var v = TorchOps.MovingAverageOfSquares(TLane.Load(ref squareAverage, i), g, Rho, OneMinusRho);
            TLane.Store(v, ref squareAverage, i);
            var u = TLane.Load(ref deltaAverage, i);
            var delta = TLane.Sqrt(u + eps) / TLane.Sqrt(v + eps) * g;
            TLane.Store(TorchOps.MovingAverageOfSquares(u, delta, Rho, OneMinusRho), ref deltaAverage, i);
            TLane.Store(TorchOps.AddScaled(p, delta, NegativeLearningRate), ref parameters, i);
        }
    }
}

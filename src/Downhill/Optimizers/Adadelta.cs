using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
    public Adadelta(double lr = 1.0, double rho = 0.9, double eps = 1e-6, double weightDecay = 0, bool maximize = false)
    {
        LearningRate = HyperparameterRange.NonNegative(Name, "lr", lr);
        Rho = HyperparameterRange.UnitInterval(Name, "rho", rho);
        Eps = HyperparameterRange.NonNegative(Name, "eps", eps);
        WeightDecay = HyperparameterRange.NonNegative(Name, "weight_decay", weightDecay);
        Maximize = maximize;
    }

    public override string Name => "adadelta";
    public override double LearningRate { get; }

    /// <summary>Decay rate of both running averages.</summary>
    public double Rho { get; }

    public double Eps { get; }
    public double WeightDecay { get; }
    public bool Maximize { get; }

    public override IReadOnlyList<Hyperparameter> Hyperparameters =>
    [
        new("lr", LearningRate), new("rho", Rho), new("eps", Eps), new("weight_decay", WeightDecay), new("maximize", Maximize),
    ];

    public override ParameterState<T> CreateState<T>(int length) => new State<T>(this, length);

    internal static Adadelta FromSpec(Spec spec)
    {
        var v = HyperparameterValues.Read(spec, new Adadelta().Hyperparameters);
        return new Adadelta(v.Double("lr"), v.Double("rho"), v.Double("eps"), v.Double("weight_decay"), v.Bool("maximize"));
    }

    private sealed class State<T>(Adadelta settings, int length) : ElementwiseState<T, Update<T>>(length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly GradientPreamble<T> _gradient = new(settings.Maximize, settings.WeightDecay);
        private readonly T[] _squareAverage = new T[length];
        private readonly T[] _deltaAverage = new T[length];

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

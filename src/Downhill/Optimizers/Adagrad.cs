using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Downhill.Optimizers.Elementwise;
using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>Adagrad (Duchi, Hazan &amp; Singer, 2011): torch.optim.Adagrad (1.13).</summary>
/// <remarks>
/// <para>With g = ∇f(θₜ) (negated when <c>maximize</c>), γ = <c>lr</c>, η = <c>lr_decay</c>, λ = <c>weight_decay</c>,
/// the sum starting at <c>initial_accumulator_value</c>, t counting from 1:</para>
/// <code>
/// g  ← g + λ·θₜ                 (if λ ≠ 0)
/// γₜ ← γ / (1 + (t − 1)·η)
/// sₜ ← sₜ₋₁ + g²
/// θₜ₊₁ ← θₜ − γₜ · g / (√sₜ + ε)
/// </code>
/// <para>ε is added outside the square root (Keras adds it the same way; optax's <c>adagrad</c> too, with ε = 1e-7
/// and an initial accumulator of 0.1 where torch has 1e-10 and 0). The learning-rate decay is torch's own.</para>
/// </remarks>
public sealed class Adagrad : FirstOrderOptimizer
{
    public Adagrad(double lr = 1e-2, double lrDecay = 0, double weightDecay = 0, double initialAccumulatorValue = 0,
        double eps = 1e-10, bool maximize = false)
    {
        LearningRate = HyperparameterRange.NonNegative(Name, "lr", lr);
        LearningRateDecay = HyperparameterRange.NonNegative(Name, "lr_decay", lrDecay);
        WeightDecay = HyperparameterRange.NonNegative(Name, "weight_decay", weightDecay);
        InitialAccumulatorValue = HyperparameterRange.NonNegative(Name, "initial_accumulator_value", initialAccumulatorValue);
        Eps = HyperparameterRange.NonNegative(Name, "eps", eps);
        Maximize = maximize;
    }

    public override string Name => "adagrad";
    public override double LearningRate { get; }
    public double LearningRateDecay { get; }
    public double WeightDecay { get; }
    public double InitialAccumulatorValue { get; }
    public double Eps { get; }
    public bool Maximize { get; }

    public override IReadOnlyList<Hyperparameter> Hyperparameters =>
    [
        new("lr", LearningRate), new("lr_decay", LearningRateDecay), new("weight_decay", WeightDecay),
        new("initial_accumulator_value", InitialAccumulatorValue), new("eps", Eps), new("maximize", Maximize),
    ];

    public override ParameterState<T> CreateState<T>(int length) => new State<T>(this, length);

    internal static Adagrad FromSpec(Spec spec)
    {
        var v = HyperparameterValues.Read(spec, new Adagrad().Hyperparameters);
        return new Adagrad(v.Double("lr"), v.Double("lr_decay"), v.Double("weight_decay"),
            v.Double("initial_accumulator_value"), v.Double("eps"), v.Bool("maximize"));
    }

    private sealed class State<T>(Adagrad settings, int length) : ElementwiseState<T, Update<T>>(length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly GradientPreamble<T> _gradient = new(settings.Maximize, settings.WeightDecay);
        private readonly T[] _sum = Enumerable.Repeat(T.CreateTruncating(settings.InitialAccumulatorValue), length).ToArray();

        protected override Update<T> Prepare(double learningRate) => new()
        {
            Sum = _sum,
            Gradient = _gradient,
            Eps = T.CreateTruncating(settings.Eps),
            NegativeLearningRate = T.CreateTruncating(-(learningRate / (1 + (Steps - 1) * settings.LearningRateDecay))),
        };
    }

    private struct Update<T> : IElementwiseUpdate<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T[] Sum;
        public GradientPreamble<T> Gradient;
        public T Eps, NegativeLearningRate;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Apply<TLane>(ref T parameters, ref T gradient, nuint i) where TLane : struct, ILane<TLane, T>
        {
            ref T sum = ref MemoryMarshal.GetArrayDataReference(Sum);
            var p = TLane.Load(ref parameters, i);
            var g = Gradient.Apply(TLane.Load(ref gradient, i), p);
            var s = TLane.MultiplyAdd(g, g, TLane.Load(ref sum, i)); // addcmul_(g, g, value=1)
            TLane.Store(s, ref sum, i);
            TLane.Store(TorchOps.AddDivided(p, g, TLane.Sqrt(s) + TLane.Broadcast(Eps), NegativeLearningRate), ref parameters, i);
        }
    }
}

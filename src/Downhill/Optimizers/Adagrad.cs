using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Downhill.Numerics;
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
    /// <summary><c>adagrad</c>: its hyperparameters, declared.</summary>
    public static MethodDeclaration<FirstOrderOptimizer> Declared { get; } = new("adagrad",
        "steps divided by the root of the summed squared gradients (torch.optim.Adagrad)",
        [
            CommonHyperparameters.LearningRate(1e-2),
            HyperparameterDeclaration.Real("lr_decay", 0, "η: step t uses γ / (1 + (t − 1)·η)", min: 0, typicalMax: 0.1),
            CommonHyperparameters.WeightDecay(),
            HyperparameterDeclaration.Real("initial_accumulator_value", 0, "where the sum of squared gradients starts", min: 0, typicalMax: 1),
            CommonHyperparameters.Eps(1e-10, "ε added to √s, outside the root"),
            CommonHyperparameters.Maximize,
        ], v => new Adagrad(v));

    /// <summary>Adagrad; the arguments are torch's, checked against <see cref="Declared"/>.</summary>
    public Adagrad(double lr = 1e-2, double lrDecay = 0, double weightDecay = 0, double initialAccumulatorValue = 0,
        double eps = 1e-10, bool maximize = false)
        : this(Declared.Bind(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize))
    {
    }

    private Adagrad(HyperparameterValues v) : base(Declared, v)
    {
        LearningRate = v.Real("lr");
        LearningRateDecay = v.Real("lr_decay");
        WeightDecay = v.Real("weight_decay");
        InitialAccumulatorValue = v.Real("initial_accumulator_value");
        Eps = v.Real("eps");
        Maximize = v.Flag("maximize");
    }

    /// <inheritdoc/>
    public override double LearningRate { get; }

    /// <summary>η: the learning rate's decay over steps.</summary>
    public double LearningRateDecay { get; }

    /// <summary>λ: L2 weight decay added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>Where the sum of squared gradients starts.</summary>
    public double InitialAccumulatorValue { get; }

    /// <summary>ε added to the root of the sum.</summary>
    public double Eps { get; }

    /// <summary>Climb: step along +∇f.</summary>
    public bool Maximize { get; }

    /// <inheritdoc/>
    public override ParameterState<T> CreateState<T>(int length) => new State<T>(this, length);

    private sealed class State<T>(Adagrad settings, int length) : ElementwiseState<T, Update<T>>(length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly GradientPreamble<T> _gradient = new(settings.Maximize, settings.WeightDecay);
        private readonly T[] _sum = Enumerable.Repeat(T.CreateTruncating(settings.InitialAccumulatorValue), length).ToArray();

        public override IReadOnlyList<StateBuffer<T>> Buffers => [new("sum", _sum)];

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

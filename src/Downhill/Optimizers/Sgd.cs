using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Downhill.Optimizers.Elementwise;
using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay: torch.optim.SGD (1.13).
/// </summary>
/// <remarks>
/// <para>With g = ∇f(θₜ) (negated when <c>maximize</c>), λ = <c>weight_decay</c>, μ = <c>momentum</c>,
/// τ = <c>dampening</c>, γ = <c>lr</c>:</para>
/// <code>
/// g  ← g + λ·θₜ                       (if λ ≠ 0)
/// b₁ ← g;   bₜ ← μ·bₜ₋₁ + (1 − τ)·g  (if μ ≠ 0; the first step copies g, undampened)
/// g  ← g + μ·bₜ  (nesterov)   or   g ← bₜ
/// θₜ₊₁ ← θₜ − γ·g
/// </code>
/// <para>PyTorch's convention differs from Sutskever et al. and some other libraries, which keep the learning rate
/// inside the buffer (v ← μ·v + γ·g; θ ← θ − v): here the buffer holds gradients only and γ multiplies it on the way
/// out, so changing γ mid-run does not rescale the accumulated velocity. Nesterov is torch's form (the look-ahead
/// folded into the gradient), and needs μ &gt; 0 and τ = 0. Downhill also requires τ ∈ [0, 1], which torch does not
/// check.</para>
/// <para>torch requires <c>lr</c>; Downhill's default is 1e-3, small enough for plain gradient descent on the
/// course's classic functions (Rosenbrock from (−1.2, 1) diverges at 1e-2).</para>
/// <para>Shorthands: <c>gd</c> is sgd; <c>momentum</c> is sgd with μ = 0.9; <c>nesterov</c> adds nesterov=true.</para>
/// </remarks>
public sealed class Sgd : FirstOrderOptimizer
{
    /// <summary>Downhill's default learning rate (torch has none).</summary>
    public const double DefaultLearningRate = 1e-3;

    public Sgd(double lr = DefaultLearningRate, double momentum = 0, double dampening = 0, double weightDecay = 0,
        bool nesterov = false, bool maximize = false)
        : this("sgd", lr, momentum, dampening, weightDecay, nesterov, maximize)
    {
    }

    internal Sgd(string name, double lr, double momentum, double dampening, double weightDecay, bool nesterov, bool maximize)
    {
        Name = name;
        LearningRate = HyperparameterRange.NonNegative(name, "lr", lr);
        Momentum = HyperparameterRange.NonNegative(name, "momentum", momentum);
        Dampening = HyperparameterRange.UnitInterval(name, "dampening", dampening);
        WeightDecay = HyperparameterRange.NonNegative(name, "weight_decay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new InputException($"{name}:nesterov=true needs momentum > 0 and dampening = 0 (momentum={momentum:R}, dampening={dampening:R})");
        Nesterov = nesterov;
        Maximize = maximize;
    }

    public override string Name { get; }
    public override double LearningRate { get; }
    public double Momentum { get; }
    public double Dampening { get; }
    public double WeightDecay { get; }
    public bool Nesterov { get; }
    public bool Maximize { get; }

    public override IReadOnlyList<Hyperparameter> Hyperparameters =>
    [
        new("lr", LearningRate), new("momentum", Momentum), new("dampening", Dampening),
        new("weight_decay", WeightDecay), new("nesterov", Nesterov), new("maximize", Maximize),
    ];

    public override ParameterState<T> CreateState<T>(int length) => new State<T>(this, length);

    internal static Sgd FromSpec(Spec spec, Sgd defaults)
    {
        var v = HyperparameterValues.Read(spec, defaults.Hyperparameters);
        return new Sgd(spec.Name, v.Double("lr"), v.Double("momentum"), v.Double("dampening"), v.Double("weight_decay"),
            v.Bool("nesterov"), v.Bool("maximize"));
    }

    private sealed class State<T>(Sgd settings, int length) : ElementwiseState<T, Update<T>>(length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly GradientPreamble<T> _gradient = new(settings.Maximize, settings.WeightDecay);
        private readonly T[]? _buffer = settings.Momentum != 0 ? new T[length] : null;

        protected override Update<T> Prepare(double learningRate) => new()
        {
            Buffer = _buffer,
            FirstStep = Steps == 1,
            Nesterov = settings.Nesterov,
            Gradient = _gradient,
            Momentum = T.CreateTruncating(settings.Momentum),
            OneMinusDampening = T.CreateTruncating(1 - settings.Dampening),
            NegativeLearningRate = T.CreateTruncating(-learningRate),
        };
    }

    private struct Update<T> : IElementwiseUpdate<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T[]? Buffer;
        public GradientPreamble<T> Gradient;
        public bool FirstStep, Nesterov;
        public T Momentum, OneMinusDampening, NegativeLearningRate;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Apply<TLane>(ref T parameters, ref T gradient, nuint i) where TLane : struct, ILane<TLane, T>
        {
            var p = TLane.Load(ref parameters, i);
            var g = Gradient.Apply(TLane.Load(ref gradient, i), p);
            if (Buffer is not null)
            {
                ref T buffer = ref MemoryMarshal.GetArrayDataReference(Buffer);
                var b = FirstStep
                    ? g
                    : TorchOps.MovingAverage(TLane.Load(ref buffer, i), g, Momentum, OneMinusDampening);
                TLane.Store(b, ref buffer, i);
                g = Nesterov ? TorchOps.AddScaled(g, b, Momentum) : b;
            }
            TLane.Store(TorchOps.AddScaled(p, g, NegativeLearningRate), ref parameters, i);
        }
    }
}

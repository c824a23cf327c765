using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Downhill.Numerics;
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

    /// <summary><c>sgd</c>: its hyperparameters, declared.</summary>
    public static MethodDeclaration<FirstOrderOptimizer> Declared { get; } =
        Declare("sgd", "stochastic gradient descent with optional momentum (torch.optim.SGD)", momentum: 0, nesterov: false);

    /// <summary><c>gd</c>: sgd under the course's name.</summary>
    internal static MethodDeclaration<FirstOrderOptimizer> GdDeclaration { get; } =
        Declare("gd", "gradient descent: sgd under the course's name", momentum: 0, nesterov: false);

    /// <summary><c>momentum</c>: sgd with momentum 0.9.</summary>
    internal static MethodDeclaration<FirstOrderOptimizer> MomentumDeclaration { get; } =
        Declare("momentum", "sgd with momentum 0.9", momentum: 0.9, nesterov: false);

    /// <summary><c>nesterov</c>: sgd with Nesterov momentum 0.9.</summary>
    internal static MethodDeclaration<FirstOrderOptimizer> NesterovDeclaration { get; } =
        Declare("nesterov", "sgd with Nesterov momentum 0.9", momentum: 0.9, nesterov: true);

    /// <summary>SGD; the arguments are torch's, checked against <see cref="Declared"/>.</summary>
    public Sgd(double lr = DefaultLearningRate, double momentum = 0, double dampening = 0, double weightDecay = 0,
        bool nesterov = false, bool maximize = false)
        : this(Declared, Declared.Bind(lr, momentum, dampening, weightDecay, nesterov, maximize))
    {
    }

    private Sgd(MethodDeclaration<FirstOrderOptimizer> declaration, HyperparameterValues v) : base(declaration, v)
    {
        LearningRate = v.Real("lr");
        Momentum = v.Real("momentum");
        Dampening = v.Real("dampening");
        WeightDecay = v.Real("weight_decay");
        Nesterov = v.Flag("nesterov");
        Maximize = v.Flag("maximize");
        if (Nesterov && (Momentum <= 0 || Dampening != 0))
            throw new InputException($"{Name}:nesterov=true needs momentum > 0 and dampening = 0 (momentum={Momentum:R}, dampening={Dampening:R})");
    }

    /// <inheritdoc/>
    public override double LearningRate { get; }

    /// <summary>μ: the momentum buffer's decay (0: none).</summary>
    public double Momentum { get; }

    /// <summary>τ: how much of the gradient the momentum buffer leaves out.</summary>
    public double Dampening { get; }

    /// <summary>λ: L2 weight decay added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>Nesterov's momentum (torch's form).</summary>
    public bool Nesterov { get; }

    /// <summary>Climb: step along +∇f.</summary>
    public bool Maximize { get; }

    /// <inheritdoc/>
    public override ParameterState<T> CreateState<T>(int length) => new State<T>(this, length);

    private static MethodDeclaration<FirstOrderOptimizer> Declare(string name, string summary, double momentum, bool nesterov)
    {
        MethodDeclaration<FirstOrderOptimizer>? declaration = null;
        declaration = new(name, summary,
        [
            CommonHyperparameters.LearningRate(DefaultLearningRate),
            CommonHyperparameters.Momentum(momentum, "μ: the momentum buffer's decay, b ← μ·b + (1 − τ)·g (0: no buffer)"),
            CommonHyperparameters.DecayRate("dampening", 0, "τ: the share of the gradient the momentum buffer leaves out"),
            CommonHyperparameters.WeightDecay(),
            HyperparameterDeclaration.Flag("nesterov", nesterov, "Nesterov momentum: step along g + μ·b (needs μ > 0, τ = 0)"),
            CommonHyperparameters.Maximize,
        ], v => new Sgd(declaration!, v));
        return declaration;
    }

    private sealed class State<T>(Sgd settings, int length) : ElementwiseState<T, Update<T>>(length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly GradientPreamble<T> _gradient = new(settings.Maximize, settings.WeightDecay);
        private readonly T[]? _buffer = settings.Momentum != 0 ? new T[length] : null;

        public override IReadOnlyList<StateBuffer<T>> Buffers => _buffer is null ? [] : [new("momentum_buffer", _buffer)];

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

        /// <summary>Only the first step differs (it starts the momentum buffer).</summary>
        protected override bool UpdateIsSteady => Steps >= 2;
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

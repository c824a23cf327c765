using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Downhill.Numerics;
using Downhill.Optimizers.Elementwise;
using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>RMSProp (Hinton, 2012), optionally centered (Graves, 2013) and with momentum: torch.optim.RMSprop (1.13).</summary>
/// <remarks>
/// <para>With g = ∇f(θₜ) (negated when <c>maximize</c>), γ = <c>lr</c>, α = <c>alpha</c>, μ = <c>momentum</c>,
/// λ = <c>weight_decay</c>:</para>
/// <code>
/// g  ← g + λ·θₜ                          (if λ ≠ 0)
/// vₜ ← α·vₜ₋₁ + (1 − α)·g²
/// ḡₜ ← α·ḡₜ₋₁ + (1 − α)·g;  d ← √(vₜ − ḡₜ²) + ε   (centered)
///                            d ← √vₜ + ε          (otherwise)
/// bₜ ← μ·bₜ₋₁ + g/d;  θₜ₊₁ ← θₜ − γ·bₜ           (if μ &gt; 0)
/// θₜ₊₁ ← θₜ − γ·g/d                               (otherwise)
/// </code>
/// <para>PyTorch adds ε outside the square root, Keras/TensorFlow inside (√(v + ε)), which matters while v is tiny;
/// torch's α is Keras's <c>rho</c>, and its default learning rate is 1e-2 (Keras: 1e-3). The momentum buffer holds
/// g/d without the learning rate, which multiplies it on the way out. Downhill requires α ∈ [0, 1] (torch only
/// α ≥ 0).</para>
/// </remarks>
public sealed class RmsProp : FirstOrderOptimizer
{
    /// <summary><c>rmsprop</c>: its hyperparameters, declared.</summary>
    public static MethodDeclaration<FirstOrderOptimizer> Declared { get; } = new("rmsprop",
        "steps divided by a running root mean square of the gradient (torch.optim.RMSprop)",
        [
            CommonHyperparameters.LearningRate(1e-2),
            CommonHyperparameters.DecayRate("alpha", 0.99, "α: decay rate of the squared-gradient average"),
            CommonHyperparameters.Eps(1e-8, "ε added to the root, outside it"),
            CommonHyperparameters.WeightDecay(),
            CommonHyperparameters.Momentum(0, "μ: momentum over the scaled steps (0: none)"),
            HyperparameterDeclaration.Flag("centered", false, "divide by an estimate of the gradient's variance instead of its second moment"),
            CommonHyperparameters.Maximize,
        ], v => new RmsProp(v));

    /// <summary>RMSProp; the arguments are torch's, checked against <see cref="Declared"/>.</summary>
    public RmsProp(double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0,
        bool centered = false, bool maximize = false)
        : this(Declared.Bind(lr, alpha, eps, weightDecay, momentum, centered, maximize))
    {
    }

    private RmsProp(HyperparameterValues v) : base(Declared, v)
    {
        LearningRate = v.Real("lr");
        Alpha = v.Real("alpha");
        Eps = v.Real("eps");
        WeightDecay = v.Real("weight_decay");
        Momentum = v.Real("momentum");
        Centered = v.Flag("centered");
        Maximize = v.Flag("maximize");
    }

    /// <inheritdoc/>
    public override double LearningRate { get; }

    /// <summary>Smoothing constant of the squared-gradient average.</summary>
    public double Alpha { get; }

    /// <summary>ε added to the root.</summary>
    public double Eps { get; }

    /// <summary>λ: L2 weight decay added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>μ: momentum over the scaled steps.</summary>
    public double Momentum { get; }

    /// <summary>Normalize by an estimate of the gradient's variance rather than its raw second moment.</summary>
    public bool Centered { get; }

    /// <summary>Climb: step along +∇f.</summary>
    public bool Maximize { get; }

    /// <inheritdoc/>
    public override ParameterState<T> CreateState<T>(int length) => new State<T>(this, length);

    private sealed class State<T>(RmsProp settings, int length) : ElementwiseState<T, Update<T>>(length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly GradientPreamble<T> _gradient = new(settings.Maximize, settings.WeightDecay);
        private readonly T[] _squareAverage = new T[length];
        private readonly T[]? _gradientAverage = settings.Centered ? new T[length] : null;
        private readonly T[]? _momentumBuffer = settings.Momentum > 0 ? new T[length] : null;

        public override IReadOnlyList<StateBuffer<T>> Buffers =>
        [
            new("square_avg", _squareAverage),
            .. _gradientAverage is null ? Array.Empty<StateBuffer<T>>() : [new("grad_avg", _gradientAverage)],
            .. _momentumBuffer is null ? Array.Empty<StateBuffer<T>>() : [new("momentum_buffer", _momentumBuffer)],
        ];

        protected override Update<T> Prepare(double learningRate) => new()
        {
            SquareAverage = _squareAverage,
            GradientAverage = _gradientAverage,
            MomentumBuffer = _momentumBuffer,
            Gradient = _gradient,
            Alpha = T.CreateTruncating(settings.Alpha),
            OneMinusAlpha = T.CreateTruncating(1 - settings.Alpha),
            Eps = T.CreateTruncating(settings.Eps),
            Momentum = T.CreateTruncating(settings.Momentum),
            NegativeLearningRate = T.CreateTruncating(-learningRate),
        };
    }

    private struct Update<T> : IElementwiseUpdate<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T[] SquareAverage;
        public T[]? GradientAverage, MomentumBuffer;
        public GradientPreamble<T> Gradient;
        public T Alpha, OneMinusAlpha, Eps, Momentum, NegativeLearningRate;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Apply<TLane>(ref T parameters, ref T gradient, nuint i) where TLane : struct, ILane<TLane, T>
        {
            ref T squareAverage = ref MemoryMarshal.GetArrayDataReference(SquareAverage);
            var p = TLane.Load(ref parameters, i);
            var g = Gradient.Apply(TLane.Load(ref gradient, i), p);
            var v = TorchOps.MovingAverageOfSquares(TLane.Load(ref squareAverage, i), g, Alpha, OneMinusAlpha);
            TLane.Store(v, ref squareAverage, i);
            if (GradientAverage is not null)
            {
                ref T gradientAverage = ref MemoryMarshal.GetArrayDataReference(GradientAverage);
                var mean = TorchOps.MovingAverage(TLane.Load(ref gradientAverage, i), g, Alpha, OneMinusAlpha);
                TLane.Store(mean, ref gradientAverage, i);
                v = TLane.MultiplyAdd(-mean, mean, v); // addcmul(mean, mean, value=-1)
            }
            var denominator = TLane.Sqrt(v) + TLane.Broadcast(Eps);
            if (MomentumBuffer is not null)
            {
                ref T momentumBuffer = ref MemoryMarshal.GetArrayDataReference(MomentumBuffer);
                var b = TorchOps.AddDivided(TLane.Load(ref momentumBuffer, i) * TLane.Broadcast(Momentum), g, denominator, T.One);
                TLane.Store(b, ref momentumBuffer, i);
                TLane.Store(TorchOps.AddScaled(p, b, NegativeLearningRate), ref parameters, i);
            }
            else
            {
                TLane.Store(TorchOps.AddDivided(p, g, denominator, NegativeLearningRate), ref parameters, i);
            }
        }
    }
}

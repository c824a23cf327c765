using Downhill.Specs;
using System.Numerics.Tensors;
using Downhill.Functions;
using Downhill.LineSearches;
using Downhill.Running;

namespace Downhill.Optimizers;

/// <summary>
/// Limited-memory BFGS, step for step as torch.optim.LBFGS (PyTorch 1.13): the inverse Hessian is applied implicitly
/// from the last m = <c>history_size</c> pairs sᵢ = tᵢdᵢ, yᵢ = ∇fᵢ₊₁ − ∇fᵢ by the two-loop recursion
/// <code>
/// q ← −∇fₖ;  for i = newest…oldest:  αᵢ = ρᵢsᵢᵀq,  q ← q − αᵢyᵢ        (ρᵢ = 1/yᵢᵀsᵢ)
/// d ← γq,  γ = yᵀs / yᵀy of the newest pair
/// for i = oldest…newest:  β = ρᵢyᵢᵀd,  d ← d + (αᵢ − β)sᵢ
/// xₖ₊₁ = xₖ + tₖd,   t from the strong-Wolfe search, first tried at lr (min(1, 1/‖∇f₀‖₁)·lr on the first step)
/// </code>
/// A pair is kept only when yᵀs &gt; 10⁻¹⁰ (as torch). With <c>line_search=none</c> the step is lr.
/// </summary>
/// <remarks>
/// One <see cref="IMethodRun.Advance"/> is one iteration of torch's loop (torch's <c>step()</c> with max_iter=1).
/// torch's own stopping tests (tolerance_grad, and tolerance_change on f, x and ∇fᵀd) are the run loop's stopping rules
/// here. Where d is not downhill (∇fᵀd ≥ 0: torch's test with tolerance_change = 0) x stays where it is, which the loop
/// reports as a zero step. torch's absolute 10⁻⁹ on ∇fᵀd would stop short of a tight gradient tolerance. torch's other
/// absolute thresholds are kept (pairs need yᵀs &gt; 10⁻¹⁰; the line search stops zooming below 10⁻⁹ in x), so close to
/// a minimum at a small scale progress slows and then stops with a zero step (the default x-tol 0 ends the run).
/// </remarks>
public sealed class Lbfgs : IMethod
{
    /// <summary>The longest history: 2·history_size vectors of n are kept.</summary>
    public const int MaxHistorySize = 1_000;

    /// <summary><c>lbfgs</c>: its hyperparameters, declared.</summary>
    public static MethodDeclaration<IMethod> Declared { get; } = new("lbfgs",
        "quasi-Newton from the last few steps and gradient changes (torch.optim.LBFGS)",
        [
            HyperparameterDeclaration.Real("lr", 1, "the first step tried along each direction (the step itself without a line search)",
                min: 0, minExclusive: true, scale: HyperparameterScale.Log, typicalMin: 1e-3, typicalMax: 10),
            HyperparameterDeclaration.Integer("history_size", 10, "m: how many recent (step, gradient change) pairs shape the direction",
                min: 1, typicalMax: 100) with { Max = MaxHistorySize },
            LineSearch.Declare("strong_wolfe", [.. LineSearch.Names, "none"]),
        ], v => new Lbfgs(v.Real("lr"), v.Integer("history_size"), LineSearch.FromName(v.Choice("line_search"))));

    /// <summary>L-BFGS with the strong-Wolfe line search.</summary>
    public Lbfgs(double lr = 1, int historySize = 10) : this(lr, historySize, new StrongWolfe())
    {
    }

    /// <summary>L-BFGS with <paramref name="lineSearch"/>, or fixed steps of <paramref name="lr"/> when it is null.</summary>
    public Lbfgs(double lr, int historySize, LineSearch? lineSearch)
    {
        LearningRate = Declared.Check("lr", lr);
        HistorySize = Declared.Check("history_size", historySize);
        LineSearch = lineSearch;
    }

    /// <summary>The first step tried along each direction (torch's <c>lr</c>).</summary>
    public double LearningRate { get; }

    /// <summary>How many recent pairs the two-loop recursion uses (torch's <c>history_size</c>).</summary>
    public int HistorySize { get; }

    /// <summary>The line search, or null for fixed steps of lr.</summary>
    public LineSearch? LineSearch { get; }

    /// <inheritdoc/>
    public string Name => "lbfgs";

    /// <inheritdoc/>
    public IReadOnlyList<Hyperparameter> Hyperparameters =>
        [new("lr", LearningRate), new("history_size", HistorySize), new("line_search", LineSearch?.Name ?? "none")];

    /// <inheritdoc/>
    public IMethod With(string name, object value) => Declared.With(Hyperparameters, name, value);

    /// <inheritdoc/>
    public IMethodRun Start(int dimension) => new Run(this, dimension);

    /// <inheritdoc/>
    public override string ToString() => $"{Name}:{string.Join(",", Hyperparameters)}";

    private sealed class Run : IMethodRun
    {
        private readonly Lbfgs _settings;
        private readonly int _m;
        private readonly double[][] _ys, _ss;
        private readonly double[] _rho, _alpha;
        private double[] _newY, _newS;
        private readonly double[] _direction, _previousGradient;
        private readonly LineSearchRun? _search;
        private int _count, _newest = -1;
        private long _iterations;
        private double _step, _hessianScale = 1;

        public Run(Lbfgs settings, int n)
        {
            this._settings = settings;
            _m = settings.HistorySize;
            _ys = new double[_m][];
            _ss = new double[_m][];
            for (int i = 0; i < _m; i++) (_ys[i], _ss[i]) = (new double[n], new double[n]);
            _rho = new double[_m];
            _alpha = new double[_m];
            _newY = new double[n];
            _newS = new double[n];
            _direction = new double[n];
            _previousGradient = new double[n];
            _search = settings.LineSearch?.Start(n);
        }

        public double LearningRateInEffect { get; private set; } = double.NaN;
        public string? Note => null;

        public void Advance(Span<double> x, ref double f, Span<double> gradient, CountingObjective objective)
        {
            _iterations++;
            if (_iterations == 1)
            {
                TensorPrimitives.Negate(gradient, _direction);
            }
            else
            {
                Remember(gradient);
                TwoLoop(gradient);
            }
            gradient.CopyTo(_previousGradient);
            _step = _iterations == 1
                ? Math.Min(1.0, 1.0 / TensorPrimitives.SumOfMagnitudes<double>(gradient)) * _settings.LearningRate
                : _settings.LearningRate;
            double slope = TensorPrimitives.Dot<double>(gradient, _direction);
            if (!(slope < 0))
            {
                LearningRateInEffect = 0;
                return;
            }
            if (_search is not null)
            {
                _step = _search.Search(x, ref f, gradient, _direction, slope, _step, objective).Step;
            }
            else
            {
                for (int i = 0; i < x.Length; i++) x[i] += _step * _direction[i];
                f = objective.ValueAndGradient(x, gradient);
            }
            LearningRateInEffect = _step;
        }

        /// <summary>Adds the pair (s = t·d, y = ∇f − ∇f_prev) of the last step when yᵀs &gt; 10⁻¹⁰, dropping the oldest.</summary>
        private void Remember(ReadOnlySpan<double> gradient)
        {
            TensorPrimitives.Subtract(gradient, _previousGradient, _newY);
            TensorPrimitives.Multiply(_direction, _step, _newS);
            double ysDot = TensorPrimitives.Dot<double>(_newY, _newS);
            if (!(ysDot > 1e-10)) return;
            _newest = (_newest + 1) % _m;
            (_ys[_newest], _newY) = (_newY, _ys[_newest]);
            (_ss[_newest], _newS) = (_newS, _ss[_newest]);
            _rho[_newest] = 1 / ysDot;
            _count = Math.Min(_count + 1, _m);
            _hessianScale = ysDot / TensorPrimitives.Dot<double>(_ys[_newest], _ys[_newest]);
        }

        private void TwoLoop(ReadOnlySpan<double> gradient)
        {
            Span<double> q = _direction;
            TensorPrimitives.Negate(gradient, q);
            for (int k = 0; k < _count; k++)
            {
                int i = (_newest - k + _m) % _m;
                _alpha[i] = TensorPrimitives.Dot<double>(_ss[i], q) * _rho[i];
                AddScaled(q, _ys[i], -_alpha[i]);
            }
            TensorPrimitives.Multiply(q, _hessianScale, q);
            for (int k = _count - 1; k >= 0; k--)
            {
                int i = (_newest - k + _m) % _m;
                double beta = TensorPrimitives.Dot<double>(_ys[i], q) * _rho[i];
                AddScaled(q, _ss[i], _alpha[i] - beta);
            }
        }

        // target ← target + scale·v, a multiply then an add (no fused multiply-add), as torch's add_(v, alpha=scale).
        private static void AddScaled(Span<double> target, ReadOnlySpan<double> v, double scale)
        {
            for (int i = 0; i < target.Length; i++) target[i] += scale * v[i];
        }
    }
}

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
        private readonly Lbfgs settings;
        private readonly int m;
        private readonly double[][] ys, ss;
        private readonly double[] rho, alpha;
        private double[] newY, newS;
        private readonly double[] direction, previousGradient;
        private readonly LineSearchRun? search;
        private int count, newest = -1;
        private long iterations;
        private double step, hessianScale = 1;

        public Run(Lbfgs settings, int n)
        {
            this.settings = settings;
            m = settings.HistorySize;
            ys = new double[m][];
            ss = new double[m][];
            for (int i = 0; i < m; i++) (ys[i], ss[i]) = (new double[n], new double[n]);
            rho = new double[m];
            alpha = new double[m];
            newY = new double[n];
            newS = new double[n];
            direction = new double[n];
            previousGradient = new double[n];
            search = settings.LineSearch?.Start(n);
        }

        public double LearningRateInEffect { get; private set; } = double.NaN;
        public string? Note => null;

        public void Advance(Span<double> x, ref double f, Span<double> gradient, CountingObjective objective)
        {
            iterations++;
            if (iterations == 1)
            {
                TensorPrimitives.Negate(gradient, direction);
            }
            else
            {
                Remember(gradient);
                TwoLoop(gradient);
            }
            gradient.CopyTo(previousGradient);
            step = iterations == 1
                ? Math.Min(1.0, 1.0 / TensorPrimitives.SumOfMagnitudes<double>(gradient)) * settings.LearningRate
                : settings.LearningRate;
            double slope = TensorPrimitives.Dot<double>(gradient, direction);
            if (!(slope < 0))
            {
                LearningRateInEffect = 0;
                return;
            }
            if (search is not null)
            {
                step = search.Search(x, ref f, gradient, direction, slope, step, objective).Step;
            }
            else
            {
                for (int i = 0; i < x.Length; i++) x[i] += step * direction[i];
                f = objective.ValueAndGradient(x, gradient);
            }
            LearningRateInEffect = step;
        }

        /// <summary>Adds the pair (s = t·d, y = ∇f − ∇f_prev) of the last step when yᵀs &gt; 10⁻¹⁰, dropping the oldest.</summary>
        private void Remember(ReadOnlySpan<double> gradient)
        {
            TensorPrimitives.Subtract(gradient, previousGradient, newY);
            TensorPrimitives.Multiply(direction, step, newS);
            double ysDot = TensorPrimitives.Dot<double>(newY, newS);
            if (!(ysDot > 1e-10)) return;
            newest = (newest + 1) % m;
            (ys[newest], newY) = (newY, ys[newest]);
            (ss[newest], newS) = (newS, ss[newest]);
            rho[newest] = 1 / ysDot;
            count = Math.Min(count + 1, m);
            hessianScale = ysDot / TensorPrimitives.Dot<double>(ys[newest], ys[newest]);
        }

        private void TwoLoop(ReadOnlySpan<double> gradient)
        {
            Span<double> q = direction;
            TensorPrimitives.Negate(gradient, q);
            for (int k = 0; k < count; k++)
            {
                int i = (newest - k + m) % m;
                alpha[i] = TensorPrimitives.Dot<double>(ss[i], q) * rho[i];
                AddScaled(q, ys[i], -alpha[i]);
            }
            TensorPrimitives.Multiply(q, hessianScale, q);
            for (int k = count - 1; k >= 0; k--)
            {
                int i = (newest - k + m) % m;
                double beta = TensorPrimitives.Dot<double>(ys[i], q) * rho[i];
                AddScaled(q, ss[i], alpha[i] - beta);
            }
        }

        // target ← target + scale·v, a multiply then an add (no fused multiply-add), as torch's add_(v, alpha=scale).
        private static void AddScaled(Span<double> target, ReadOnlySpan<double> v, double scale)
        {
            for (int i = 0; i < target.Length; i++) target[i] += scale * v[i];
        }
    }
}

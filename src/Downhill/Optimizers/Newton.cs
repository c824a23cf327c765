using Downhill.Specs;
using Downhill.Functions;
using Downhill.LineSearches;
using Downhill.Running;

namespace Downhill.Optimizers;

/// <summary>
/// Newton's method: solve ∇²f(xₖ)·pₖ = −∇f(xₖ), then xₖ₊₁ = xₖ + α·pₖ with α the <c>damping</c> (1: the full Newton
/// step), or α from a line search started at <c>damping</c> when <c>line_search</c> is armijo or strong_wolfe.
/// </summary>
/// <remarks>
/// <para>Where the Hessian is not positive definite (a saddle, a maximum, a concave stretch) pₖ need not point
/// downhill. Then the method steps with H + τI in place of H, τ the first of 0, β − min Hᵢᵢ, then doubling, for which
/// the Cholesky factorization succeeds (β = 10⁻³·max(1, max|Hᵢᵢ|); Nocedal and Wright's Algorithm 3.3, "Cholesky with
/// added multiple of the identity"). For large τ that is a short gradient step. The run's notes say at how many
/// iterations this happened. Where the Hessian is not finite the method takes a gradient step −α·∇f.</para>
/// <para>Each iteration evaluates f, ∇f and ∇²f once at the new point (plus one evaluation at the start).</para>
/// </remarks>
public sealed class Newton : IMethod
{
    /// <summary><c>newton</c>: its hyperparameters, declared.</summary>
    public static MethodDeclaration<IMethod> Declared { get; } = new("newton",
        "steps to the minimum of the local quadratic model, the Hessian shifted where it is not positive definite",
        [
            HyperparameterDeclaration.Real("damping", 1, "α: the step's scale (1: the full Newton step); a line search's first try",
                min: 0, max: 1, minExclusive: true, typicalMin: 0.01),
            LineSearch.Declare("none", [.. LineSearch.Names, "none"]),
        ], v => new Newton(v.Real("damping"), LineSearch.FromName(v.Choice("line_search"))));

    /// <summary>Newton's method with step scale <paramref name="damping"/>, along <paramref name="lineSearch"/> when given.</summary>
    public Newton(double damping = 1, LineSearch? lineSearch = null)
    {
        Damping = Declared.Check("damping", damping);
        LineSearch = lineSearch;
    }

    /// <summary>The step scale α (1 = full Newton step); the initial step when a line search is used.</summary>
    public double Damping { get; }

    /// <summary>The line search along the Newton direction, or null for the fixed step.</summary>
    public LineSearch? LineSearch { get; }

    /// <inheritdoc/>
    public string Name => "newton";

    /// <inheritdoc/>
    public IReadOnlyList<Hyperparameter> Hyperparameters =>
        [new("damping", Damping), new("line_search", LineSearch?.Name ?? "none")];

    /// <inheritdoc/>
    public IMethod With(string name, object value) => Declared.With(Hyperparameters, name, value);

    /// <inheritdoc/>
    public IMethodRun Start(int dimension)
    {
        Functions.DenseLimit.Check(dimension, "newton", "lbfgs keeps only a few vectors");
        return new Run(this, dimension);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}:{string.Join(",", Hyperparameters)}";

    private sealed class Run(Newton settings, int n) : IMethodRun
    {
        private readonly double[] _hessian = new double[n * n];
        private readonly double[] _factor = new double[n * n];
        private readonly double[] _step = new double[n];
        private readonly LineSearchRun? _search = settings.LineSearch?.Start(n);
        private bool _hessianCurrent;
        private long _iterations, _shifted, _notFinite, _firstShifted;
        private double _largestShift;

        public double LearningRateInEffect { get; private set; } = double.NaN;

        public string? Note
        {
            get
            {
                var notes = new List<string>();
                if (_shifted > 0)
                    notes.Add($"the Hessian was not positive definite at {_shifted} of {_iterations} iterations (first at iteration {_firstShifted}): " +
                              $"stepped with H + τI, τ ≤ {_largestShift:g4}, the smallest shift making it positive definite (modified Cholesky)");
                if (_notFinite > 0)
                    notes.Add($"the Hessian was not finite at {_notFinite} iterations: took gradient steps there");
                return notes.Count == 0 ? null : string.Join("; ", notes);
            }
        }

        public void Advance(Span<double> x, ref double f, Span<double> gradient, CountingObjective objective)
        {
            _iterations++;
            if (!_hessianCurrent) f = objective.ValueGradientHessian(x, gradient, _hessian);
            _hessianCurrent = false;
            double tau = NewtonSystem.FactorShifted(_hessian, n, _factor);
            for (int i = 0; i < n; i++) _step[i] = -gradient[i];
            if (double.IsNaN(tau))
            {
                _notFinite++;
            }
            else
            {
                if (tau > 0)
                {
                    if (_shifted++ == 0) _firstShifted = _iterations;
                    _largestShift = Math.Max(_largestShift, tau);
                }
                NewtonSystem.Solve(_factor, n, _step);
            }

            if (_search is not null)
            {
                double slope = 0;
                for (int i = 0; i < n; i++) slope += gradient[i] * _step[i];
                LearningRateInEffect = _search.Search(x, ref f, gradient, _step, slope, settings.Damping, objective).Step;
                return;
            }
            for (int i = 0; i < n; i++) x[i] += settings.Damping * _step[i];
            f = objective.ValueGradientHessian(x, gradient, _hessian);
            _hessianCurrent = true;
            LearningRateInEffect = settings.Damping;
        }
    }
}

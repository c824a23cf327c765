using System.Numerics.Tensors;
using Downhill.Constraints;
using Downhill.Functions;
using Downhill.Optimizers.BoxConstrained;
using Downhill.Running;
using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>
/// L-BFGS-B: limited-memory BFGS for bound constraints l ≤ x ≤ u (Byrd, Lu, Nocedal &amp; Zhu 1995; version 3.0 with
/// Morales &amp; Nocedal's 2011 subspace correction), step for step as SciPy's <c>minimize(method='L-BFGS-B')</c>
/// (1.10, the Fortran code) runs it. Each iteration, with B the compact L-BFGS matrix of the last m =
/// <c>history_size</c> pairs (<see cref="LimitedMemoryMatrix"/>):
/// <code>
/// 1. x_cp = the generalized Cauchy point: the first minimizer of m(x+s) = gᵀs + ½sᵀBs along P(x − t·g)
/// 2. x̄ = x_cp + d, d minimizing m over the variables not at a bound at x_cp, projected onto the box
///    (or cut back to the first bound when the projection does not go downhill from x)
/// 3. x ← x + t(x̄ − x), t ∈ (0, t_max] by Moré–Thuente with c₁ = 10⁻³, c₂ = 0.9 (t_max reaches the box's faces)
/// 4. keep (s, y) = (x⁺ − x, ∇f⁺ − ∇f) when sᵀy &gt; ε·(−gᵀs)
/// </code>
/// Without bounds step 1 is skipped once pairs exist and the method is L-BFGS with SciPy's line search.
/// </summary>
/// <remarks>
/// SciPy's stopping tests are the run loop's rules: its <c>gtol</c> (pgtol) is grad-tol on the projected gradient
/// ‖x − P(x − ∇f)‖∞, its <c>ftol</c> is f-tol. At most <c>maxls</c> = 20 evaluations per line search; when a search
/// fails the memory is dropped and the iteration retried as steepest descent, and when that fails too x stays where it
/// is (SciPy's ABNORMAL_TERMINATION_IN_LNSRCH; the default x-tol ends the run there). Unlike SciPy, a trial point where
/// f or ∇f is not finite counts as a failed search rather than feeding NaN to the interpolation. Bounds must have each
/// lower limit strictly below its upper one (SciPy also allows l = u, a fixed variable).
/// </remarks>
public sealed class Lbfgsb : IBoundConstrainedMethod
{
    /// <summary><c>lbfgsb</c>: its hyperparameters, declared.</summary>
    public static MethodDeclaration<IMethod> Declared { get; } = new("lbfgsb",
        "L-BFGS within bounds l ≤ x ≤ u (SciPy's L-BFGS-B); keeps to the run's bounds",
        [
            HyperparameterDeclaration.Integer("history_size", 10, "m: how many recent (step, gradient change) pairs shape the model (SciPy's maxcor)",
                min: 1, typicalMax: 100),
            HyperparameterDeclaration.Integer("maxls", 20, "the most evaluations one line search may make (SciPy's maxls)",
                min: 1, typicalMax: 100),
        ], v => new Lbfgsb(v.Integer("history_size"), v.Integer("maxls")));

    /// <summary>L-BFGS-B keeping <paramref name="historySize"/> pairs, at most <paramref name="maxLineSearchSteps"/> evaluations per line search.</summary>
    /// <exception cref="InputException">A count below 1.</exception>
    public Lbfgsb(int historySize = 10, int maxLineSearchSteps = 20)
    {
        HistorySize = Declared.Check("history_size", historySize);
        MaxLineSearchSteps = Declared.Check("maxls", maxLineSearchSteps);
    }

    /// <summary>m, the number of (s, y) pairs kept (SciPy's maxcor).</summary>
    public int HistorySize { get; }

    /// <summary>The most evaluations one line search may make (SciPy's maxls).</summary>
    public int MaxLineSearchSteps { get; }

    /// <inheritdoc/>
    public string Name => "lbfgsb";

    /// <inheritdoc/>
    public IReadOnlyList<Hyperparameter> Hyperparameters => [new("history_size", HistorySize), new("maxls", MaxLineSearchSteps)];

    /// <inheritdoc/>
    public IMethod With(string name, object value) => Declared.With(Hyperparameters, name, value);

    /// <summary>Without bounds: L-BFGS with L-BFGS-B's line search.</summary>
    public IMethodRun Start(int dimension) => new Run(this, Bounds.Unbounded(dimension));

    /// <inheritdoc/>
    public IMethodRun Start(Bounds bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        return new Run(this, bounds);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}:{string.Join(",", Hyperparameters)}";

    private sealed class Run : IMethodRun
    {
        private readonly Bounds _bounds;
        private readonly int _maxLineSearchSteps;
        private readonly ActiveSet _set;
        private readonly LimitedMemoryMatrix _memory;
        private readonly CauchyPoint _cauchy;
        private readonly SubspaceMinimization _subspace;
        private readonly BoxLineSearch _search;
        private readonly double[] _point, _direction, _gradientChange;
        private long _iterations, _resets;
        private int _projectedAtStart = -1;
        private bool _pairAdded, _stuck;

        public Run(Lbfgsb settings, Bounds bounds)
        {
            int n = bounds.Dimension;
            this._bounds = bounds;
            _maxLineSearchSteps = settings.MaxLineSearchSteps;
            _set = new ActiveSet(bounds);
            _memory = new LimitedMemoryMatrix(n, settings.HistorySize);
            _cauchy = new CauchyPoint(n, settings.HistorySize);
            _subspace = new SubspaceMinimization(n, settings.HistorySize);
            _search = new BoxLineSearch(n);
            _point = new double[n];
            _direction = new double[n];
            _gradientChange = new double[n];
        }

        public double LearningRateInEffect { get; private set; } = double.NaN;

        public string? Note
        {
            get
            {
                var notes = new List<string>();
                if (_projectedAtStart > 0) notes.Add($"the start lay outside the box: {_projectedAtStart} coordinate(s) moved onto it");
                if (_resets > 0) notes.Add($"the memory was dropped {_resets} time(s) (a failed line search or a singular factor)");
                if (_stuck) notes.Add("the line search found no lower point even along the steepest descent path");
                return notes.Count == 0 ? null : string.Join("; ", notes);
            }
        }

        public void Advance(Span<double> x, ref double f, Span<double> gradient, CountingObjective objective)
        {
            if (_projectedAtStart < 0)
            {
                _projectedAtStart = _bounds.Project(x);
                if (_projectedAtStart > 0) f = objective.ValueAndGradient(x, gradient);
            }
            if (_stuck)
            {
                LearningRateInEffect = 0;
                return;
            }
            double projectedGradient = _bounds.ProjectedGradientMaxNorm(x, gradient);
            while (true)
            {
                bool rebuild;
                if (!_set.Constrained && _memory.Count > 0)
                {
                    x.CopyTo(_point);
                    rebuild = _pairAdded;
                }
                else
                {
                    if (!_cauchy.Find(x, gradient, _set, _memory, projectedGradient, _point))
                    {
                        DropMemory();
                        continue;
                    }
                    _set.Refresh(afterFirstIteration: _iterations > 0);
                    rebuild = _set.Changed || _pairAdded;
                }
                if (_set.FreeCount > 0 && _memory.Count > 0)
                {
                    bool solved = (!rebuild || _subspace.Factor(_set, _memory, _pairAdded))
                                  && _subspace.ReduceGradient(x, gradient, _point, _cauchy.C, _set, _memory)
                                  && _subspace.Step(x, gradient, _point, _set, _memory);
                    if (!solved)
                    {
                        DropMemory();
                        continue;
                    }
                }
                TensorPrimitives.Subtract(_point, x, _direction);
                var outcome = _search.Search(x, ref f, gradient, _direction, _point, _set, _iterations == 0, _maxLineSearchSteps, objective);
                if (outcome == BoxSearchOutcome.Accepted) break;
                if (_memory.Count == 0)
                {
                    _iterations++;
                    _stuck = true;
                    LearningRateInEffect = 0;
                    return;
                }
                DropMemory();
            }
            _iterations++;
            LearningRateInEffect = _search.Step;
            Remember(gradient);
        }

        /// <summary>Adds the last step's pair (s, y) unless its curvature sᵀy is not safely positive.</summary>
        private void Remember(ReadOnlySpan<double> gradient)
        {
            TensorPrimitives.Subtract(gradient, _search.StartGradient, _gradientChange);
            double yy = TensorPrimitives.Dot<double>(_gradientChange, _gradientChange);
            double step = _search.Step, sy, threshold;
            if (step == 1)
            {
                sy = _search.Slope - _search.StartSlope;
                threshold = -_search.StartSlope;
            }
            else
            {
                sy = (_search.Slope - _search.StartSlope) * step;
                TensorPrimitives.Multiply(_direction, step, _direction);
                threshold = -_search.StartSlope * step;
            }
            if (sy <= CauchyPoint.Epsilon * threshold)
            {
                _pairAdded = false;
                return;
            }
            _pairAdded = true;
            double ss = step == 1 ? _search.DirectionSquared : step * step * _search.DirectionSquared;
            if (!_memory.Add(_direction, _gradientChange, yy, sy, ss)) DropMemory();
        }

        private void DropMemory()
        {
            _memory.Reset();
            _pairAdded = false;
            _resets++;
        }
    }
}

using Downhill.Functions;
using Downhill.LineSearches;
using Downhill.Numerics;
using Downhill.Running;
using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>
/// BFGS, the quasi-Newton method that keeps a dense approximation Hₖ of the inverse Hessian, as SciPy's
/// <c>minimize(method='BFGS')</c> (1.10) runs it:
/// <code>
/// pₖ = −Hₖ∇fₖ;   xₖ₊₁ = xₖ + tₖpₖ  (tₖ from the line search)
/// sₖ = xₖ₊₁ − xₖ,  yₖ = ∇fₖ₊₁ − ∇fₖ,  ρₖ = 1/(yₖᵀsₖ)
/// Hₖ₊₁ = (I − ρₖsₖyₖᵀ) Hₖ (I − ρₖyₖsₖᵀ) + ρₖsₖsₖᵀ,   H₀ = I
/// </code>
/// The first trial step is SciPy's t = min(1, 2.02·(fₖ − fₖ₋₁)/∇fₖᵀpₖ) (1 when that is negative; fₖ₋₁ taken as
/// f₀ + ‖∇f₀‖/2 at the start), which asks for a decrease like the last one.
/// </summary>
/// <remarks>
/// The line search is SciPy's: Moré–Thuente (<see cref="MoreThuente"/>, c₁ = 10⁻⁴, c₂ = 0.9); <c>line_search=strong_wolfe</c>
/// takes torch's instead. Where SciPy falls back to a second search when the first fails, this keeps the best point
/// that search found. The update is skipped when yₖᵀsₖ ≤ 0 (only possible when the line search fails), which keeps Hₖ
/// positive definite. Memory is n² doubles: for large n use <c>lbfgs</c>.
/// </remarks>
public sealed class Bfgs : IMethod
{
    /// <summary><c>bfgs</c>: its hyperparameters, declared.</summary>
    public static MethodDeclaration<IMethod> Declared { get; } = new("bfgs",
        "quasi-Newton with a dense inverse-Hessian estimate (SciPy's BFGS)",
        [LineSearch.Declare("more_thuente", LineSearch.Names)],
        v => new Bfgs(LineSearch.FromName(v.Choice("line_search"))));

    /// <summary>BFGS along <paramref name="lineSearch"/> (SciPy's Moré–Thuente when null).</summary>
    public Bfgs(LineSearch? lineSearch = null) => LineSearch = lineSearch ?? new MoreThuente();

    /// <summary>The line search along each quasi-Newton direction.</summary>
    public LineSearch LineSearch { get; }

    /// <inheritdoc/>
    public string Name => "bfgs";

    /// <inheritdoc/>
    public IReadOnlyList<Hyperparameter> Hyperparameters => [new("line_search", LineSearch.Name)];

    /// <inheritdoc/>
    public IMethod With(string name, object value) => Declared.With(Hyperparameters, name, value);

    /// <inheritdoc/>
    public IMethodRun Start(int dimension)
    {
        Functions.DenseLimit.Check(dimension, "bfgs", "lbfgs keeps only a few vectors");
        return new Run(this, dimension);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}:{string.Join(",", Hyperparameters)}";

    private sealed class Run : IMethodRun
    {
        private readonly int _n;
        private readonly double[] _inverseHessian, _direction, _previousX, _previousGradient, _s, _y, _hy;
        private readonly LineSearchRun _search;
        private double _olderF = double.NaN;
        private long _failures;

        public Run(Bfgs settings, int dimension)
        {
            _n = dimension;
            _inverseHessian = new double[_n * _n];
            for (int i = 0; i < _n; i++) _inverseHessian[i * _n + i] = 1;
            _direction = new double[_n];
            _previousX = new double[_n];
            _previousGradient = new double[_n];
            _s = new double[_n];
            _y = new double[_n];
            _hy = new double[_n];
            _search = settings.LineSearch.Start(_n);
        }

        public double LearningRateInEffect { get; private set; } = double.NaN;
        public string? Note => _failures == 0 ? null : $"the line search found no acceptable step {_failures} times";

        public void Advance(Span<double> x, ref double f, Span<double> gradient, CountingObjective objective)
        {
            if (double.IsNaN(_olderF)) _olderF = f + Vectors.Norm(gradient) / 2;
            double slope = 0;
            for (int i = 0; i < _n; i++)
            {
                double sum = 0;
                ReadOnlySpan<double> row = _inverseHessian.AsSpan(i * _n, _n);
                for (int j = 0; j < _n; j++) sum -= row[j] * gradient[j];
                _direction[i] = sum;
                slope += gradient[i] * sum;
            }
            double initial = slope != 0 ? Math.Min(1.0, 1.01 * 2 * (f - _olderF) / slope) : 1.0;
            if (!(initial > 0)) initial = 1.0;

            x.CopyTo(_previousX);
            gradient.CopyTo(_previousGradient);
            _olderF = f;
            var result = _search.Search(x, ref f, gradient, _direction, slope, initial, objective);
            LearningRateInEffect = result.Step;
            if (result.Step == 0)
            {
                _failures++;
                return;
            }

            double ys = 0;
            for (int i = 0; i < _n; i++)
            {
                _s[i] = x[i] - _previousX[i];
                _y[i] = gradient[i] - _previousGradient[i];
                ys += _y[i] * _s[i];
            }
            if (!(ys > 0)) return;
            // H⁺ = H − ρ(s(Hy)ᵀ + (Hy)sᵀ) + (ρ²·yᵀHy + ρ)ssᵀ, the product form expanded (H symmetric).
            double rho = 1 / ys, yHy = 0;
            for (int i = 0; i < _n; i++)
            {
                double sum = 0;
                ReadOnlySpan<double> row = _inverseHessian.AsSpan(i * _n, _n);
                for (int j = 0; j < _n; j++) sum += row[j] * _y[j];
                _hy[i] = sum;
                yHy += _y[i] * sum;
            }
            double ss = rho * rho * yHy + rho;
            for (int i = 0; i < _n; i++)
            {
                Span<double> row = _inverseHessian.AsSpan(i * _n, _n);
                for (int j = 0; j < _n; j++)
                    row[j] += -rho * (_s[i] * _hy[j] + _hy[i] * _s[j]) + ss * _s[i] * _s[j];
            }
        }
    }
}

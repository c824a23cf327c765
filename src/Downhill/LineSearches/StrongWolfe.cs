using Downhill.Functions;
using Downhill.Numerics;
using Downhill.Specs;

namespace Downhill.LineSearches;

/// <summary>
/// A line search for a step t meeting the strong Wolfe conditions
/// <code>
/// f(x + t·d) ≤ f(x) + c₁·t·∇f(x)ᵀd        (sufficient decrease)
/// |∇f(x + t·d)ᵀd| ≤ c₂·|∇f(x)ᵀd|          (curvature)
/// </code>
/// by bracketing then zooming with safeguarded cubic interpolation (Nocedal and Wright, Algorithms 3.5 and 3.6), step
/// for step as torch.optim.LBFGS's <c>_strong_wolfe</c> (PyTorch 1.13, itself from minFunc): so L-BFGS follows torch's
/// trajectory to rounding. c₁ = 10⁻⁴, c₂ = 0.9, at most 25 evaluations, stop zooming when the bracket is shorter than
/// 10⁻⁹/‖d‖∞.
/// </summary>
/// <remarks>
/// One deliberate difference from torch: a trial where f is NaN counts as failing sufficient decrease (torch's
/// comparisons let a NaN point become the accepted one), so a search that steps out of the domain backs off instead.
/// </remarks>
public sealed class StrongWolfe : LineSearch
{
    /// <summary>torch's strong-Wolfe search with <paramref name="c1"/> and <paramref name="c2"/>.</summary>
    public StrongWolfe(double c1 = 1e-4, double c2 = 0.9, double toleranceChange = 1e-9, int maxEvaluations = 25)
    {
        if (!(c1 > 0 && c1 < c2 && c2 < 1))
            throw new InputException($"strong_wolfe needs 0 < c1 < c2 < 1, not c1 = {c1}, c2 = {c2}");
        if (!(toleranceChange >= 0)) throw new InputException($"strong_wolfe tolerance_change must be 0 or more, not {toleranceChange}");
        if (maxEvaluations < 1) throw new InputException($"strong_wolfe needs at least 1 evaluation, not {maxEvaluations}");
        C1 = c1;
        C2 = c2;
        ToleranceChange = toleranceChange;
        MaxEvaluations = maxEvaluations;
    }

    /// <summary>The sufficient-decrease constant.</summary>
    public double C1 { get; }
    /// <summary>The curvature constant.</summary>
    public double C2 { get; }
    /// <summary>The change in step or f below which the search stops.</summary>
    public double ToleranceChange { get; }
    /// <summary>The most evaluations.</summary>
    public int MaxEvaluations { get; }
    /// <inheritdoc/>
    public override string Name => "strong_wolfe";
    /// <inheritdoc/>
    public override IReadOnlyList<Hyperparameter> Hyperparameters => [new("c1", C1), new("c2", C2)];
    /// <inheritdoc/>
    public override LineSearchRun Start(int dimension) => new Run(this, dimension);

    /// <summary>
    /// The minimizer of the cubic through (x₁, f₁, f′₁) and (x₂, f₂, f′₂), clamped to [low, high]; the middle of the
    /// interval when the cubic has no minimizer.
    /// </summary>
    internal static double CubicMinimizer(double x1, double f1, double g1, double x2, double f2, double g2, double low, double high)
    {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (!(d2Square >= 0)) return (low + high) / 2;
        double d2 = Math.Sqrt(d2Square);
        double minimizer = x1 <= x2
            ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
            : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
        return Math.Min(Math.Max(minimizer, low), high);
    }

    private sealed class Run(StrongWolfe settings, int dimension) : LineSearchRun
    {
        private readonly double[] _origin = new double[dimension];
        private readonly double[] _originGradient = new double[dimension];
        private readonly double[] _previousGradient = new double[dimension];
        private readonly double[][] _bracketGradient = [new double[dimension], new double[dimension]];
        private readonly double[] _bracket = new double[2], _bracketF = new double[2], _bracketSlope = new double[2];

        public override LineSearchResult Search(Span<double> x, ref double f, Span<double> gradient,
            ReadOnlySpan<double> direction, double slope, double initialStep, CountingObjective objective)
        {
            double c1 = settings.C1, c2 = settings.C2;
            int maxEvaluations = settings.MaxEvaluations;
            double directionMax = 0;
            foreach (double di in direction) directionMax = Math.Max(directionMax, Math.Abs(di));
            x.CopyTo(_origin);
            gradient.CopyTo(_originGradient);
            double f0 = f, t = initialStep;

            // x and gradient hold the newest trial throughout.
            double fNew = EvaluateAlong(_origin, t, direction, x, gradient, objective);
            int evaluations = 1, iterations = 0;
            double slopeNew = Vectors.Dot(gradient, direction);
            double tPrevious = 0, fPrevious = f0, slopePrevious = slope;
            _originGradient.CopyTo(_previousGradient);
            bool done = false;

            // Bracketing: widen the step until an interval holds a point meeting the conditions.
            while (iterations < maxEvaluations)
            {
                if (!(fNew <= f0 + c1 * t * slope) || (iterations > 1 && fNew >= fPrevious))
                {
                    SetBracket(tPrevious, fPrevious, _previousGradient, slopePrevious, t, fNew, gradient, slopeNew);
                    break;
                }
                if (Math.Abs(slopeNew) <= -c2 * slope)
                {
                    SetBracket(t, fNew, gradient, slopeNew, t, fNew, gradient, slopeNew);
                    done = true;
                    break;
                }
                if (slopeNew >= 0)
                {
                    SetBracket(tPrevious, fPrevious, _previousGradient, slopePrevious, t, fNew, gradient, slopeNew);
                    break;
                }
                double minStep = t + 0.01 * (t - tPrevious), maxStep = t * 10, current = t;
                t = CubicMinimizer(tPrevious, fPrevious, slopePrevious, t, fNew, slopeNew, minStep, maxStep);
                tPrevious = current;
                fPrevious = fNew;
                gradient.CopyTo(_previousGradient);
                slopePrevious = slopeNew;
                fNew = EvaluateAlong(_origin, t, direction, x, gradient, objective);
                evaluations++;
                slopeNew = Vectors.Dot(gradient, direction);
                iterations++;
            }
            if (iterations == maxEvaluations)
                SetBracket(0, f0, _originGradient, slope, t, fNew, gradient, slopeNew);

            // Zoom: shrink the bracket until a point meets the conditions.
            bool insufficientProgress = false;
            int low = LowerEnd(), high = 1 - low;
            while (!done && iterations < maxEvaluations)
            {
                if (Math.Abs(_bracket[1] - _bracket[0]) * directionMax < settings.ToleranceChange) break;
                double lo = Math.Min(_bracket[0], _bracket[1]), hi = Math.Max(_bracket[0], _bracket[1]);
                t = CubicMinimizer(_bracket[0], _bracketF[0], _bracketSlope[0], _bracket[1], _bracketF[1], _bracketSlope[1], lo, hi);
                if (!double.IsFinite(t)) t = (lo + hi) / 2;
                // Too close to an end: move a tenth of the bracket inside, at once if the last trial was also too close.
                double margin = 0.1 * (hi - lo);
                if (Math.Min(hi - t, t - lo) < margin)
                {
                    if (insufficientProgress || t >= hi || t <= lo)
                    {
                        t = Math.Abs(t - hi) < Math.Abs(t - lo) ? hi - margin : lo + margin;
                        insufficientProgress = false;
                    }
                    else
                    {
                        insufficientProgress = true;
                    }
                }
                else
                {
                    insufficientProgress = false;
                }

                fNew = EvaluateAlong(_origin, t, direction, x, gradient, objective);
                evaluations++;
                slopeNew = Vectors.Dot(gradient, direction);
                iterations++;

                if (!(fNew <= f0 + c1 * t * slope) || fNew >= _bracketF[low])
                {
                    Store(high, t, fNew, gradient, slopeNew);
                    low = LowerEnd();
                    high = 1 - low;
                }
                else
                {
                    if (Math.Abs(slopeNew) <= -c2 * slope)
                        done = true;
                    else if (slopeNew * (_bracket[high] - _bracket[low]) >= 0)
                        Store(high, _bracket[low], _bracketF[low], _bracketGradient[low], _bracketSlope[low]);
                    Store(low, t, fNew, gradient, slopeNew);
                }
            }

            t = _bracket[low];
            if (t == 0 || !double.IsFinite(_bracketF[low]))
            {
                _origin.CopyTo(x);
                _originGradient.CopyTo(gradient);
                return new LineSearchResult(0, evaluations, false);
            }
            PointAlong(_origin, t, direction, x);
            _bracketGradient[low].CopyTo(gradient);
            f = _bracketF[low];
            return new LineSearchResult(t, evaluations, done);
        }

        // torch picks the lower end with bracket_f[0] <= bracket_f[1]; written this way a NaN end is never the lower.
        private int LowerEnd() => _bracketF[1] < _bracketF[0] ? 1 : 0;

        private void SetBracket(double t0, double f0, ReadOnlySpan<double> g0, double s0, double t1, double f1,
            ReadOnlySpan<double> g1, double s1)
        {
            Store(0, t0, f0, g0, s0);
            Store(1, t1, f1, g1, s1);
        }

        private void Store(int end, double t, double f, ReadOnlySpan<double> g, double s)
        {
            _bracket[end] = t;
            _bracketF[end] = f;
            g.CopyTo(_bracketGradient[end]);
            _bracketSlope[end] = s;
        }
    }
}

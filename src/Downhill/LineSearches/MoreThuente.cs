using Downhill.Functions;
using Downhill.Numerics;
using Downhill.Specs;

namespace Downhill.LineSearches;

/// <summary>
/// Moré and Thuente's line search for the strong Wolfe conditions (ACM TOMS 20, 1994; MINPACK-2's <c>dcsrch</c>, the
/// search SciPy's BFGS and L-BFGS-B use):
/// <code>
/// f(x + t·d) ≤ f(x) + c₁·t·∇f(x)ᵀd,   |∇f(x + t·d)ᵀd| ≤ c₂·|∇f(x)ᵀd|
/// </code>
/// It keeps an interval [stx, sty] known to hold an acceptable step and picks each trial by safeguarded cubic,
/// quadratic or secant interpolation (<see cref="SafeguardedStep"/>); until the interval is bracketed it extrapolates
/// by 1.1–4 times the last step. While no trial has met sufficient decrease with a rising slope it works on the
/// auxiliary ψ(t) = f(x + t·d) − f(x) − c₁·t·∇f(x)ᵀd. Defaults as SciPy's BFGS: c₁ = 10⁻⁴, c₂ = 0.9, relative
/// interval tolerance 10⁻¹⁴, steps in [10⁻¹⁰⁰, 10¹⁰⁰], at most 100 evaluations.
/// </summary>
/// <remarks>The search's steps come from <see cref="MinpackSearch"/> (dcsrch), which L-BFGS-B's box line search drives
/// too. When it cannot meet both conditions (rounding, the interval tolerance) it returns the best step seen when
/// that lowered f, and step 0 otherwise.</remarks>
public sealed class MoreThuente : LineSearch
{
    /// <summary>Moré and Thuente's search for the strong Wolfe conditions with <paramref name="c1"/> and <paramref name="c2"/>.</summary>
    public MoreThuente(double c1 = 1e-4, double c2 = 0.9, double intervalTolerance = 1e-14, double minStep = 1e-100,
        double maxStep = 1e100, int maxEvaluations = 100)
    {
        if (!(c1 > 0 && c1 < c2 && c2 < 1))
            throw new InputException($"more_thuente needs 0 < c1 < c2 < 1, not c1 = {c1}, c2 = {c2}");
        if (!(intervalTolerance >= 0)) throw new InputException($"more_thuente interval tolerance must be 0 or more, not {intervalTolerance}");
        if (!(minStep >= 0 && maxStep > minStep)) throw new InputException($"more_thuente needs 0 ≤ min step < max step, not {minStep}, {maxStep}");
        if (maxEvaluations < 1) throw new InputException($"more_thuente needs at least 1 evaluation, not {maxEvaluations}");
        C1 = c1;
        C2 = c2;
        IntervalTolerance = intervalTolerance;
        MinStep = minStep;
        MaxStep = maxStep;
        MaxEvaluations = maxEvaluations;
    }

    /// <summary>The sufficient-decrease constant.</summary>
    public double C1 { get; }
    /// <summary>The curvature constant.</summary>
    public double C2 { get; }
    /// <summary>The relative width below which the bracket counts as closed.</summary>
    public double IntervalTolerance { get; }
    /// <summary>The smallest step.</summary>
    public double MinStep { get; }
    /// <summary>The largest step.</summary>
    public double MaxStep { get; }
    /// <summary>The most evaluations.</summary>
    public int MaxEvaluations { get; }
    /// <inheritdoc/>
    public override string Name => "more_thuente";
    /// <inheritdoc/>
    public override IReadOnlyList<Hyperparameter> Hyperparameters => [new("c1", C1), new("c2", C2)];
    /// <inheritdoc/>
    public override LineSearchRun Start(int dimension) => new Run(this, dimension);

    /// <summary>One end of the search interval: a step, ψ or f there, and its slope.</summary>
    internal record struct End(double Step, double F, double Slope);

    /// <summary>
    /// Moré and Thuente's safeguarded step: from the interval end <paramref name="x"/> (lowest value so far), the other
    /// end <paramref name="y"/> and the trial <paramref name="trial"/>, the next trial step, with the interval updated
    /// to keep an acceptable step inside. Four cases by how the trial compares with x (higher value; slopes of opposite
    /// sign; same sign and shrinking; same sign and not shrinking).
    /// </summary>
    internal static double SafeguardedStep(ref End x, ref End y, End trial, ref bool bracketed, double stepMin, double stepMax)
    {
        double stp = trial.Step, fp = trial.F, dp = trial.Slope;
        bool oppositeSlopes = (dp < 0 && x.Slope > 0) || (dp > 0 && x.Slope < 0);
        double next;
        if (fp > x.F)
        {
            // Higher value: a minimizer lies between; prefer the cubic step unless the quadratic is much closer to x.
            double cubic = x.Step + CubicRatio(x, trial, trial.Step < x.Step) * (stp - x.Step);
            double quadratic = x.Step + x.Slope / ((x.F - fp) / (stp - x.Step) + x.Slope) / 2 * (stp - x.Step);
            next = Math.Abs(cubic - x.Step) < Math.Abs(quadratic - x.Step) ? cubic : cubic + (quadratic - cubic) / 2;
            bracketed = true;
        }
        else if (oppositeSlopes)
        {
            // Lower value, slope changed sign: bracketed; take the cubic or the secant step, whichever is farther from the trial.
            double cubic = stp + CubicRatioFromTrial(x, trial) * (x.Step - stp);
            double secant = stp + dp / (dp - x.Slope) * (x.Step - stp);
            next = Math.Abs(cubic - stp) > Math.Abs(secant - stp) ? cubic : secant;
            bracketed = true;
        }
        else if (Math.Abs(dp) < Math.Abs(x.Slope))
        {
            // Lower value, same sign, slope shrinking: the cubic only where it heads to −∞ in the step's direction or
            // has its minimizer beyond the trial.
            double theta = 3 * (x.F - fp) / (stp - x.Step) + x.Slope + dp;
            double s = Math.Max(Math.Abs(theta), Math.Max(Math.Abs(x.Slope), Math.Abs(dp)));
            double gamma = s * Math.Sqrt(Math.Max(0, (theta / s) * (theta / s) - (x.Slope / s) * (dp / s)));
            if (stp > x.Step) gamma = -gamma;
            double r = ((gamma - dp) + theta) / ((gamma + (x.Slope - dp)) + gamma);
            double cubic = r < 0 && gamma != 0 ? stp + r * (x.Step - stp) : stp > x.Step ? stepMax : stepMin;
            double secant = stp + dp / (dp - x.Slope) * (x.Step - stp);
            if (bracketed)
            {
                next = Math.Abs(cubic - stp) < Math.Abs(secant - stp) ? cubic : secant;
                next = stp > x.Step ? Math.Min(stp + 0.66 * (y.Step - stp), next) : Math.Max(stp + 0.66 * (y.Step - stp), next);
            }
            else
            {
                next = Math.Abs(cubic - stp) > Math.Abs(secant - stp) ? cubic : secant;
                next = Math.Clamp(next, stepMin, stepMax);
            }
        }
        else if (bracketed)
        {
            // Lower value, same sign, slope not shrinking, bracketed: the cubic through the trial and y.
            next = stp + CubicRatioFromTrial(y, trial) * (y.Step - stp);
        }
        else
        {
            next = stp > x.Step ? stepMax : stepMin;
        }

        if (fp > x.F)
        {
            y = trial;
        }
        else
        {
            if (oppositeSlopes) y = x;
            x = trial;
        }
        return next;
    }

    // The cubic interpolating (a, b)'s values and slopes, its minimizer written as a + r·(b − a): r for the higher-value case.
    private static double CubicRatio(End a, End b, bool flip)
    {
        double theta = 3 * (a.F - b.F) / (b.Step - a.Step) + a.Slope + b.Slope;
        double s = Math.Max(Math.Abs(theta), Math.Max(Math.Abs(a.Slope), Math.Abs(b.Slope)));
        double gamma = s * Math.Sqrt((theta / s) * (theta / s) - (a.Slope / s) * (b.Slope / s));
        if (flip) gamma = -gamma;
        return ((gamma - a.Slope) + theta) / (((gamma - a.Slope) + gamma) + b.Slope);
    }

    // The same cubic seen from the trial end: its minimizer as trial + r·(other − trial).
    private static double CubicRatioFromTrial(End other, End trial)
    {
        double theta = 3 * (other.F - trial.F) / (trial.Step - other.Step) + other.Slope + trial.Slope;
        double s = Math.Max(Math.Abs(theta), Math.Max(Math.Abs(other.Slope), Math.Abs(trial.Slope)));
        double gamma = s * Math.Sqrt((theta / s) * (theta / s) - (other.Slope / s) * (trial.Slope / s));
        if (trial.Step > other.Step) gamma = -gamma;
        return ((gamma - trial.Slope) + theta) / (((gamma - trial.Slope) + gamma) + other.Slope);
    }

    private sealed class Run(MoreThuente settings, int dimension) : LineSearchRun
    {
        private readonly double[] _origin = new double[dimension];
        private readonly double[] _originGradient = new double[dimension];
        private readonly double[] _bestGradient = new double[dimension];

        public override LineSearchResult Search(Span<double> x, ref double f, Span<double> gradient,
            ReadOnlySpan<double> direction, double slope, double initialStep, CountingObjective objective)
        {
            x.CopyTo(_origin);
            gradient.CopyTo(_originGradient);
            double bestF = f, bestStep = 0;
            double stp = Math.Clamp(initialStep, settings.MinStep, settings.MaxStep);
            var search = new MinpackSearch();
            var status = search.Start(f, slope, stp, settings.C1, settings.C2, settings.IntervalTolerance, settings.MinStep, settings.MaxStep);
            if (status == MinpackStatus.Error) return Best(x, ref f, gradient, direction, bestF, bestStep, 0);

            for (int evaluations = 1; evaluations <= settings.MaxEvaluations; evaluations++)
            {
                double fp = EvaluateAlong(_origin, stp, direction, x, gradient, objective);
                double dp = Vectors.Dot(gradient, direction);
                if (fp < bestF)
                {
                    (bestF, bestStep) = (fp, stp);
                    gradient.CopyTo(_bestGradient);
                }
                if (!double.IsFinite(fp)) return Best(x, ref f, gradient, direction, bestF, bestStep, evaluations);
                double trial = stp;
                status = search.Next(fp, dp, ref stp);
                if (status == MinpackStatus.Converged)
                {
                    f = fp;
                    return new LineSearchResult(trial, evaluations, true);
                }
                if (status != MinpackStatus.Evaluate) return Best(x, ref f, gradient, direction, bestF, bestStep, evaluations);
            }
            return Best(x, ref f, gradient, direction, bestF, bestStep, settings.MaxEvaluations);
        }

        private LineSearchResult Best(Span<double> x, ref double f, Span<double> gradient, ReadOnlySpan<double> direction,
            double bestF, double bestStep, int evaluations)
        {
            if (bestStep == 0)
            {
                _origin.CopyTo(x);
                _originGradient.CopyTo(gradient);
                return new LineSearchResult(0, evaluations, false);
            }
            PointAlong(_origin, bestStep, direction, x);
            _bestGradient.CopyTo(gradient);
            f = bestF;
            return new LineSearchResult(bestStep, evaluations, false);
        }
    }
}

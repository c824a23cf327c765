using Downhill.Functions;
using Downhill.Numerics;
using Downhill.Running;

namespace Downhill.Analysis;

/// <summary>
/// The step after a run that says how far it ended from the exact minimizer near its end: the nearest of the
/// function's known minimizers where some are given, else the point Newton's method polishes the end point to (to
/// machine precision, accepted only at a strict local minimum no higher than the end). The run loop itself never
/// polishes: a caller that wants the distance asks for it.
/// </summary>
public static class ExactMinimum
{
    /// <summary>The largest dimension whose end point is polished with Newton's method (each step factors an n×n Hessian).</summary>
    public const int PolishMaxDimension = 500;

    /// <summary>
    /// <paramref name="result"/> with <see cref="RunResult.ToMinimum"/> filled in: measured to the nearest of
    /// <paramref name="known"/> when it holds any, else to the minimizer found by polishing the end point (only up to
    /// <see cref="PolishMaxDimension"/> variables); unchanged when the run ended at a non-finite point or the polish fails.
    /// A run with bounds counts only minimizers inside its box, and one that ended on a bound is left unmeasured: the
    /// box, not ∇f = 0, stopped it there.
    /// </summary>
    public static RunResult Measure(RunResult result, IObjective objective, IReadOnlyList<KnownMinimum>? known = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(objective);
        if (result.Bounds is { } bounds)
        {
            if (result.ActiveBounds.Count > 0) return result;
            known = known?.Where(m => bounds.Contains(m.X.ToArray())).ToArray();
        }
        return DistanceFrom(result.X, result.F, objective, known) is { } distance
               && (result.Bounds is null || result.Bounds.Contains(distance.Minimizer.ToArray()))
            ? result with { ToMinimum = distance }
            : result;
    }

    /// <summary>How far <paramref name="x"/> (where f is <paramref name="f"/>) is from the exact minimizer near it, or null.</summary>
    public static MinimumDistance? DistanceFrom(IReadOnlyList<double> x, double f, IObjective objective, IReadOnlyList<KnownMinimum>? known = null)
    {
        if (!double.IsFinite(f) || x.Any(xi => !double.IsFinite(xi))) return null;
        if (known is { Count: > 0 })
        {
            KnownMinimum nearest = known[0];
            double nearestDistance = double.PositiveInfinity;
            foreach (var minimum in known)
            {
                double d = Vectors.Distance(x, minimum.X);
                if (d < nearestDistance) (nearest, nearestDistance) = (minimum, d);
            }
            return new MinimumDistance(nearest.X, nearest.F, nearestDistance, f - nearest.F);
        }
        if (x.Count > PolishMaxDimension) return null;
        return NewtonPolish.Polish(objective, x.ToArray(), f) is { } polished
            ? new MinimumDistance(polished.X, polished.F, Vectors.Distance(x, polished.X), f - polished.F)
            : null;
    }
}

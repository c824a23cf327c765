using System.Numerics.Tensors;
using Downhill.LineSearches;
using Downhill.Functions;

namespace Downhill.Optimizers.BoxConstrained;

/// <summary>How a search along the L-BFGS-B direction ended.</summary>
internal enum BoxSearchOutcome
{
    /// <summary>A step met the conditions (or the search could improve no further): x, f, ∇f are there.</summary>
    Accepted,
    /// <summary>∇fᵀd ≥ 0: the direction does not go downhill.</summary>
    Uphill,
    /// <summary>The search used its evaluations (maxls) without an acceptable step.</summary>
    TooManySteps,
    /// <summary>f or ∇fᵀd was not finite at a trial step, or the search's arguments were inconsistent.</summary>
    Failed,
}

/// <summary>
/// L-BFGS-B's line search along d = x̄ − x (x̄ the subspace minimizer, inside the box): Moré–Thuente's dcsrch with
/// its own constants ftol = 10⁻³, gtol = 0.9, xtol = 0.1, the step bounded by the distance to the box's faces
/// (1 on the first iteration of a bounded problem), the first trial t = 1 (min(1/‖d‖, bound) on the first iteration
/// unless every variable has both bounds). Trial points are clipped to the box against rounding; t = 1 is x̄ itself.
/// On anything but <see cref="BoxSearchOutcome.Accepted"/> x, f and ∇f are restored.
/// </summary>
internal sealed class BoxLineSearch
{
    private const double Ftol = 1e-3, Gtol = 0.9, Xtol = 0.1, NoBound = 1e10;
    private MinpackSearch _search;

    public BoxLineSearch(int dimension)
    {
        StartPoint = new double[dimension];
        StartGradient = new double[dimension];
    }

    /// <summary>x where the search started.</summary>
    public double[] StartPoint { get; }

    /// <summary>∇f where the search started.</summary>
    public double[] StartGradient { get; }

    /// <summary>The step t of the accepted point.</summary>
    public double Step { get; private set; }

    /// <summary>∇fᵀd at the accepted point.</summary>
    public double Slope { get; private set; }

    /// <summary>∇fᵀd at the start.</summary>
    public double StartSlope { get; private set; }

    /// <summary>dᵀd.</summary>
    public double DirectionSquared { get; private set; }

    /// <summary>Searches from x along <paramref name="direction"/>; see the type's summary.</summary>
    public BoxSearchOutcome Search(Span<double> x, ref double f, Span<double> gradient, ReadOnlySpan<double> direction,
        ReadOnlySpan<double> target, ActiveSet set, bool firstIteration, int maxSteps, CountingObjective objective)
    {
        DirectionSquared = TensorPrimitives.Dot(direction, direction);
        double maxStep = MaxStep(x, direction, set, firstIteration);
        double step = firstIteration && !set.Boxed ? Math.Min(1 / Math.Sqrt(DirectionSquared), maxStep) : 1;
        x.CopyTo(StartPoint);
        gradient.CopyTo(StartGradient);
        double startF = f;
        StartSlope = Slope = TensorPrimitives.Dot(gradient, direction);
        if (!(StartSlope < 0)) return BoxSearchOutcome.Uphill;

        var status = _search.Start(f, StartSlope, step, Ftol, Gtol, Xtol, 0, maxStep);
        for (int evaluations = 0; status == MinpackStatus.Evaluate; evaluations++)
        {
            if (evaluations >= maxSteps) return Restore(x, ref f, gradient, startF, BoxSearchOutcome.TooManySteps);
            if (step == 1)
            {
                target.CopyTo(x);
            }
            else
            {
                var lower = set.Lower;
                var upper = set.Upper;
                for (int i = 0; i < x.Length; i++)
                    x[i] = Math.Min(Math.Max(step * direction[i] + StartPoint[i], lower[i]), upper[i]);
            }
            f = objective.ValueAndGradient(x, gradient);
            Slope = TensorPrimitives.Dot(gradient, direction);
            if (!double.IsFinite(f) || !double.IsFinite(Slope)) return Restore(x, ref f, gradient, startF, BoxSearchOutcome.Failed);
            Step = step;
            status = _search.Next(f, Slope, ref step);
        }
        return status == MinpackStatus.Error
            ? Restore(x, ref f, gradient, startF, BoxSearchOutcome.Failed)
            : BoxSearchOutcome.Accepted;
    }

    /// <summary>The largest step along d that stays in the box (10¹⁰ without bounds; 1 on a bounded problem's first iteration).</summary>
    private static double MaxStep(ReadOnlySpan<double> x, ReadOnlySpan<double> direction, ActiveSet set, bool firstIteration)
    {
        if (!set.Constrained) return NoBound;
        if (firstIteration) return 1;
        double bound = NoBound;
        for (int i = 0; i < x.Length; i++)
        {
            double di = direction[i];
            if (di < 0 && set.HasLower[i])
            {
                double room = set.Lower[i] - x[i];
                if (room >= 0) bound = 0;
                else if (di * bound < room) bound = room / di;
            }
            else if (di > 0 && set.HasUpper[i])
            {
                double room = set.Upper[i] - x[i];
                if (room <= 0) bound = 0;
                else if (di * bound > room) bound = room / di;
            }
        }
        return bound;
    }

    private BoxSearchOutcome Restore(Span<double> x, ref double f, Span<double> gradient, double startF, BoxSearchOutcome outcome)
    {
        StartPoint.CopyTo(x);
        StartGradient.CopyTo(gradient);
        f = startF;
        return outcome;
    }
}

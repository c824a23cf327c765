namespace Downhill.Analysis;

/// <summary>A point where ∇f = 0 (to the precision reached), with its curvature.</summary>
/// <param name="X">The point, polished until ‖∇f‖ stopped falling.</param>
/// <param name="F">f(x).</param>
/// <param name="GradientNorm">‖∇f(x)‖ at the polished point: the evidence that it is critical.</param>
/// <param name="Curvature">The Hessian's eigenvalues, the kind they imply and the condition number.</param>
/// <param name="Hits">How many starts converged to this point.</param>
public sealed record CriticalPoint(IReadOnlyList<double> X, double F, double GradientNorm, Curvature Curvature, int Hits)
{
    /// <summary>What the point is (minimum, saddle, maximum or degenerate), from its Hessian's eigenvalues.</summary>
    public CriticalPointKind Kind => Curvature.Kind;
}

/// <summary>What <see cref="CriticalPoints.Find"/> found in a box.</summary>
/// <param name="Points">Distinct critical points inside the box, by ascending f (ties by x).</param>
/// <param name="Starts">How many starts were tried.</param>
/// <param name="Converged">How many of them reached a critical point (inside the box or not).</param>
/// <param name="BoxMinima">With <see cref="CriticalPointOptions.BoxMinima"/>: the minima of f over the box that lie on its
/// boundary (KKT points, not critical points of f), by ascending f; else empty.</param>
public sealed record CriticalPointReport(IReadOnlyList<CriticalPoint> Points, int Starts, int Converged, IReadOnlyList<BoxMinimum> BoxMinima)
{
    /// <summary>The minimum with the lowest f in the box, or null when no minimum was found.</summary>
    public CriticalPoint? LowestMinimum => Points.FirstOrDefault(p => p.Kind == CriticalPointKind.Minimum);

    /// <summary>How many of the points found are of kind <paramref name="kind"/>.</summary>
    public int Count(CriticalPointKind kind) => Points.Count(p => p.Kind == kind);
}

/// <summary>Settings of a critical-point search.</summary>
public sealed record CriticalPointOptions
{
    /// <summary>Starts drawn uniformly in the box, 1 to <see cref="MaxStarts"/>; null picks 200·n (at least 1000).</summary>
    public int? Starts { get; init; }

    /// <summary>The most starts one search runs.</summary>
    public const int MaxStarts = 1_000_000;

    /// <summary>Seed of the starts: start k is drawn from the stream (Seed, k).</summary>
    public long Seed { get; init; }

    /// <summary>Newton / Levenberg–Marquardt iterations allowed per start before it is given up.</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>A start counts as converged once ‖∇f‖ ≤ this; it is then polished further.</summary>
    public double GradientTolerance { get; init; } = 1e-8;

    /// <summary>Two roots closer than this times the box diagonal are the same critical point.</summary>
    public double DuplicateDistance { get; init; } = 1e-6;

    /// <summary>The eigenvalue band, relative (see <see cref="Curvature.DefaultRelativeTolerance"/>).</summary>
    public double EigenvalueTolerance { get; init; } = Curvature.DefaultRelativeTolerance;

    /// <summary>At most this many starts run at once; 0 uses every core. The result does not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Also find the minima of f over the box that lie on its boundary (<see cref="CriticalPointReport.BoxMinima"/>):
    /// lbfgsb from as many seeded starts, where a constrained method would stop.
    /// </summary>
    public bool BoxMinima { get; init; }

    /// <summary>Ends the search early: starts not yet solved count as not converged, and the report holds what was found.</summary>
    public CancellationToken Cancellation { get; init; }

    internal int StartCount(int dimension) => Starts ?? Math.Max(1000, 200 * dimension);

    internal void Validate()
    {
        if (Starts is < 1 or > MaxStarts) throw new InputException($"{new ParameterName("starts")} must be from 1 to {MaxStarts:N0}, not {Starts:N0}");
        if (MaxIterations < 1) throw new InputException($"the iteration cap must be at least 1, not {MaxIterations}");
        if (!(GradientTolerance > 0)) throw new InputException($"the gradient tolerance must be positive, not {GradientTolerance}");
        if (!(EigenvalueTolerance >= 0)) throw new InputException($"{new ParameterName("eigenvalue tolerance")} must be 0 or more, not {EigenvalueTolerance}");
        if (Threads < 0) throw new InputException($"{new ParameterName("threads")} must be positive, not {Threads}");
    }
}

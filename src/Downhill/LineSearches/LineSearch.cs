using Downhill.Constraints;
using Downhill.Functions;
using Downhill.Specs;

namespace Downhill.LineSearches;

/// <summary>
/// A line search: given a point x, f(x), ∇f(x) and a descent direction d, picks a step t along d. The settings are an
/// immutable value; <see cref="Start(int)"/> makes the buffers of one run, so searching allocates nothing.
/// </summary>
public abstract class LineSearch
{
    /// <summary>The spec names: <c>armijo</c>, <c>strong_wolfe</c> (torch's), <c>more_thuente</c> (MINPACK's, SciPy's).</summary>
    public static IReadOnlyList<string> Names { get; } = ["armijo", "strong_wolfe", "more_thuente"];

    /// <summary>"armijo", "strong_wolfe" or "more_thuente".</summary>
    public abstract string Name { get; }

    /// <summary>The line search's constants, for output.</summary>
    public abstract IReadOnlyList<Hyperparameter> Hyperparameters { get; }

    /// <summary>Buffers for searches in dimension <paramref name="dimension"/>.</summary>
    public abstract LineSearchRun Start(int dimension);

    /// <summary>
    /// Buffers for searches along the projected path x(t) = P(x + t·d) inside <paramref name="bounds"/> (a projected
    /// search: every trial point is in the box; its slope is ∇f(x(t))ᵀd).
    /// </summary>
    public LineSearchRun Start(Bounds bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        var run = Start(bounds.Dimension);
        run.Box = bounds;
        return run;
    }

    /// <summary>The line search a method's <c>line_search=</c> setting names, with default constants; null for <c>none</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is none of <see cref="Names"/> (a method's declaration refuses it first).</exception>
    public static LineSearch? FromName(string name) => name switch
    {
        "none" => null,
        "armijo" => new BacktrackingArmijo(),
        "strong_wolfe" => new StrongWolfe(),
        "more_thuente" => new MoreThuente(),
        _ => throw new ArgumentException($"'{name}' is not a line search; valid: {string.Join(", ", Names)}, none", nameof(name)),
    };

    /// <summary>
    /// The <c>line_search</c> hyperparameter of a method that searches along its direction: one of <paramref name="choices"/>.
    /// </summary>
    internal static HyperparameterDeclaration Declare(string @default, IReadOnlyList<string> choices) =>
        HyperparameterDeclaration.Choice("line_search", @default, choices,
            "how far to step along the direction: backtracking (armijo), torch's (strong_wolfe), SciPy's (more_thuente), or fixed (none)");

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>The outcome of one search.</summary>
/// <param name="Step">The step t taken (x moved to x + t·d); 0 when no acceptable step was found and x is unchanged.</param>
/// <param name="Evaluations">How many times f and ∇f were evaluated.</param>
/// <param name="Satisfied">Whether the step meets the search's conditions (false: the best point found, or none).</param>
public readonly record struct LineSearchResult(double Step, int Evaluations, bool Satisfied);

/// <summary>One run's line search, holding its buffers.</summary>
public abstract class LineSearchRun
{
    /// <summary>
    /// Searches from x along <paramref name="direction"/>, trying <paramref name="initialStep"/> first. On entry
    /// <paramref name="x"/>, <paramref name="f"/>, <paramref name="gradient"/> hold the current point, and
    /// <paramref name="slope"/> = ∇f(x)ᵀd &lt; 0; on return they hold the accepted point (unchanged when Step is 0).
    /// </summary>
    public abstract LineSearchResult Search(Span<double> x, ref double f, Span<double> gradient, ReadOnlySpan<double> direction,
        double slope, double initialStep, CountingObjective objective);

    /// <summary>The box the search keeps to (each trial projected onto it), or null.</summary>
    internal Bounds? Box { get; set; }

    /// <summary>x ← origin + t·d (projected onto the box when there is one).</summary>
    private protected void PointAlong(ReadOnlySpan<double> origin, double t, ReadOnlySpan<double> direction, Span<double> x)
    {
        for (int i = 0; i < x.Length; i++) x[i] = origin[i] + t * direction[i];
        Box?.Project(x);
    }

    /// <summary>x ← origin + t·d (projected onto the box when there is one), then f and ∇f there.</summary>
    private protected double EvaluateAlong(ReadOnlySpan<double> origin, double t, ReadOnlySpan<double> direction,
        Span<double> x, Span<double> gradient, CountingObjective objective)
    {
        PointAlong(origin, t, direction, x);
        return objective.ValueAndGradient(x, gradient);
    }
}

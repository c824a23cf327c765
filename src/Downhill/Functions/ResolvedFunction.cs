namespace Downhill.Functions;

/// <summary>
/// A function ready to use: its display name (<c>rosenbrock</c>, <c>valley:kappa=50</c>, or the expression text),
/// its formula, the objective, suggested bounds (one <see cref="Interval"/> per variable, null if none) and its known
/// critical points for this dimension and these parameters.
/// </summary>
public sealed record ResolvedFunction(string Name, string Formula, IObjective Objective,
    IReadOnlyList<Interval>? Bounds, IReadOnlyList<KnownPoint> KnownPoints)
{
    /// <summary>
    /// The function as an expression in the language of <see cref="Expressions.Expression"/>, from which
    /// <c>derive</c> prints symbolic derivatives; null where none is practical (an any-N function of many variables).
    /// </summary>
    public Expressions.Expression? Expression { get; init; }

    /// <summary>n, the number of variables.</summary>
    public int Dimension => Objective.Dimension;
}

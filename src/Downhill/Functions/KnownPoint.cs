namespace Downhill.Functions;

/// <summary>A critical point of a catalog function, stored to full double precision, and its value there.</summary>
public sealed record KnownPoint(IReadOnlyList<double> X, double F, PointKind Kind)
{
    /// <summary>True for both global and local minima.</summary>
    public bool IsMinimum => Kind is PointKind.GlobalMinimum or PointKind.LocalMinimum;
}

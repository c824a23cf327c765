namespace Downhill.Analysis;

/// <summary>A minimizer known in advance (from a function's catalog entry): where it is and f there.</summary>
public sealed record KnownMinimum(IReadOnlyList<double> X, double F);

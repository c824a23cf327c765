namespace Downhill.Stopping;

/// <summary>One stopping rule's measured value beside its threshold at the end of a run.</summary>
/// <param name="Rule">The rule's name: "max-iter", "grad-tol", ….</param>
/// <param name="Measured">What the rule measured at the end (NaN where it is not defined).</param>
/// <param name="Threshold">The value the measurement is compared with.</param>
/// <param name="Met">Whether the rule was met at the end.</param>
public sealed record StopCheck(string Rule, double Measured, double Threshold, bool Met);

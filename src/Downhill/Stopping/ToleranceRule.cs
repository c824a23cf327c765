namespace Downhill.Stopping;

/// <summary>
/// A rule that stops when the quantity it measures falls to <see cref="Tolerance"/>: the gradient's norm, the relative
/// change of f, the step's length. The tolerance is checked once, here, for all of them.
/// </summary>
public abstract record ToleranceRule : StoppingRule
{
    /// <summary>
    /// A tolerance named <paramref name="parameter"/> in messages: a finite number, positive, or 0 where
    /// <paramref name="zeroMeans"/> is null (a 0 tolerance stops only on an exact 0); where it is not null, 0 is refused
    /// and the message says what 0 means instead ("turns the rule off").
    /// </summary>
    private protected ToleranceRule(double tolerance, ParameterName parameter, string? zeroMeans = null)
    {
        bool allowed = zeroMeans is null ? tolerance >= 0 : tolerance > 0;
        if (!allowed || double.IsPositiveInfinity(tolerance))
            throw new InputException(zeroMeans is null
                ? $"{parameter} must be 0 or a positive number, not {tolerance}"
                : $"{parameter} must be a positive number (0 {zeroMeans}), not {tolerance}");
        Tolerance = tolerance;
    }

    /// <summary>The threshold.</summary>
    public double Tolerance { get; }

    /// <inheritdoc/>
    public sealed override double Threshold => Tolerance;
}

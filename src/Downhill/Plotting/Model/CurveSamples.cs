using Downhill.Functions;

namespace Downhill.Plotting;

/// <summary>
/// A function of one variable and its derivative sampled at evenly spaced points: what a curve view draws.
/// Values outside the function's domain, or infinite, are NaN.
/// </summary>
public sealed record CurveSamples(double[] Xs, double[] Values, double[] Derivatives)
{
    /// <summary>Samples <paramref name="objective"/> (one variable) at <paramref name="points"/> points over <paramref name="range"/>, ends included.</summary>
    /// <exception cref="InputException">The objective does not have exactly one variable.</exception>
    public static CurveSamples Sample(IObjective objective, (double Low, double High) range, int points)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (objective.Dimension != 1)
            throw new InputException($"a curve needs a function of 1 variable; this one has {objective.Dimension}");
        if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), "a curve needs at least 2 points");
        var xs = new double[points];
        var values = new double[points];
        var derivatives = new double[points];
        Span<double> x = stackalloc double[1], gradient = stackalloc double[1];
        for (int k = 0; k < points; k++)
        {
            xs[k] = range.Low + (range.High - range.Low) * k / (points - 1);
            x[0] = xs[k];
            double v = objective.ValueAndGradient(x, gradient);
            values[k] = double.IsFinite(v) ? v : double.NaN;
            derivatives[k] = double.IsFinite(gradient[0]) ? gradient[0] : double.NaN;
        }
        return new CurveSamples(xs, values, derivatives);
    }
}

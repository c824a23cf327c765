namespace Downhill.Functions;

/// <summary>
/// A twice-differentiable function f: ℝⁿ → ℝ, the thing every optimizer minimizes.
/// </summary>
/// <remarks>
/// Implementations must not allocate per call: the run loop calls them millions of times.
/// Outside the domain (log of a negative) a value is NaN, never an exception; callers report it.
/// Where a derivative does not exist (|x| at 0) an implementation returns a documented one-sided or
/// sub-gradient value.
/// </remarks>
public interface IObjective
{
    /// <summary>Number of variables n.</summary>
    int Dimension { get; }

    /// <summary>The variables' names, in order (length n).</summary>
    IReadOnlyList<string> Variables { get; }

    /// <summary>f(x).</summary>
    double Value(ReadOnlySpan<double> x);

    /// <summary>f(x), writing ∇f(x) into <paramref name="gradient"/> (length n).</summary>
    double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>f(x), ∇f(x) and the Hessian ∇²f(x), row-major into <paramref name="hessian"/> (length n·n).</summary>
    double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian);
}

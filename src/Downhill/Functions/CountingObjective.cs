namespace Downhill.Functions;

/// <summary>Wraps an objective and counts function, gradient and Hessian evaluations.</summary>
/// <remarks>A class so methods can hold one reference; the counts go into the run's result.</remarks>
public sealed class CountingObjective(IObjective inner) : IObjective
{
    /// <summary>The objective being counted.</summary>
    public IObjective Inner { get; } = inner;
    /// <summary>Values of f evaluated so far (with or without derivatives).</summary>
    public long FunctionEvaluations { get; private set; }
    /// <summary>Gradients evaluated so far.</summary>
    public long GradientEvaluations { get; private set; }
    /// <summary>Hessians evaluated so far.</summary>
    public long HessianEvaluations { get; private set; }

    /// <inheritdoc/>
    public int Dimension => Inner.Dimension;
    /// <inheritdoc/>
    public IReadOnlyList<string> Variables => Inner.Variables;

    /// <inheritdoc/>
    public double Value(ReadOnlySpan<double> x)
    {
        FunctionEvaluations++;
        return Inner.Value(x);
    }

    /// <inheritdoc/>
    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        FunctionEvaluations++;
        GradientEvaluations++;
        return Inner.ValueAndGradient(x, gradient);
    }

    /// <inheritdoc/>
    public double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
    {
        FunctionEvaluations++;
        GradientEvaluations++;
        HessianEvaluations++;
        return Inner.ValueGradientHessian(x, gradient, hessian);
    }
}

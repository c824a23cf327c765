namespace Downhill.Functions;

/// <summary>Wraps an objective and counts function, gradient and Hessian evaluations.</summary>
/// <remarks>A class so methods can hold one reference; the counts go into the run's result.</remarks>
public sealed class CountingObjective(IObjective inner) : IObjective
{
    public IObjective Inner { get; } = inner;
    public long FunctionEvaluations { get; private set; }
    public long GradientEvaluations { get; private set; }
    public long HessianEvaluations { get; private set; }

    public int Dimension => Inner.Dimension;
    public IReadOnlyList<string> Variables => Inner.Variables;

    public double Value(ReadOnlySpan<double> x)
    {
        FunctionEvaluations++;
        return Inner.Value(x);
    }

    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        FunctionEvaluations++;
        GradientEvaluations++;
        return Inner.ValueAndGradient(x, gradient);
    }

    public double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
    {
        FunctionEvaluations++;
        GradientEvaluations++;
        HessianEvaluations++;
        return Inner.ValueGradientHessian(x, gradient, hessian);
    }
}

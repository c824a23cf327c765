namespace Downhill.Functions;

/// <summary>
/// f(x) = c + Σᵢ t(xᵢ): a sum of one term per coordinate, so the Hessian is diagonal. Rastrigin and Styblinski–Tang
/// supply t, t' and t''; this supplies the loops, allocation-free.
/// </summary>
internal abstract class SeparableObjective(int dimension, double constant) : IObjective, IHessianVectorProduct
{
    public int Dimension { get; } = dimension;

    public IReadOnlyList<string> Variables { get; } = AnyDimension.VariableNames(dimension);

    /// <summary>t(x), with t'(x) and t''(x).</summary>
    protected abstract double Term(double x, out double slope, out double curvature);

    public double Value(ReadOnlySpan<double> x)
    {
        AnyDimension.Check(x.Length, Dimension, nameof(x));
        double f = constant;
        foreach (double xi in x) f += Term(xi, out _, out _);
        return f;
    }

    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        AnyDimension.Check(x.Length, Dimension, nameof(x));
        AnyDimension.Check(gradient.Length, Dimension, nameof(gradient));
        double f = constant;
        for (int i = 0; i < x.Length; i++) f += Term(x[i], out gradient[i], out _);
        return f;
    }

    public double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
    {
        AnyDimension.Check(x.Length, Dimension, nameof(x));
        AnyDimension.Check(gradient.Length, Dimension, nameof(gradient));
        AnyDimension.Check(hessian.Length, Dimension * Dimension, nameof(hessian));
        hessian.Clear();
        double f = constant;
        for (int i = 0; i < x.Length; i++) f += Term(x[i], out gradient[i], out hessian[i * Dimension + i]);
        return f;
    }

    public void HessianVector(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> result)
    {
        AnyDimension.Check(x.Length, Dimension, nameof(x));
        AnyDimension.Check(v.Length, Dimension, nameof(v));
        AnyDimension.Check(result.Length, Dimension, nameof(result));
        for (int i = 0; i < x.Length; i++)
        {
            Term(x[i], out _, out double curvature);
            result[i] = curvature * v[i];
        }
    }
}

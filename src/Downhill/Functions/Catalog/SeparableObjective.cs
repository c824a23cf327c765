namespace Downhill.Functions;

/// <summary>
/// f(x) = c + Σᵢ t(xᵢ): a sum of one term per coordinate, so the Hessian is diagonal. Rastrigin and Styblinski–Tang
/// supply t, t' and t''; this supplies the loops, allocation-free.
/// </summary>
internal abstract class SeparableObjective(int dimension, double constant) : IObjective
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
}

/// <summary>Rastrigin: f(x) = 10n + Σ (xᵢ² − 10 cos 2πxᵢ); a regular egg-box of local minima, global minimum 0 at 0.</summary>
internal sealed class RastriginObjective(int dimension) : SeparableObjective(dimension, 10.0 * dimension)
{
    protected override double Term(double x, out double slope, out double curvature)
    {
        double w = 2 * Math.PI * x;
        var (sin, cos) = Math.SinCos(w);
        slope = 2 * x + 20 * Math.PI * sin;
        curvature = 2 + 40 * Math.PI * Math.PI * cos;
        return x * x - 10 * cos;
    }
}

/// <summary>Styblinski–Tang: f(x) = ½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ); 2ⁿ minima, the global one at xᵢ ≈ −2.9035.</summary>
internal sealed class StyblinskiTangObjective(int dimension) : SeparableObjective(dimension, 0)
{
    protected override double Term(double x, out double slope, out double curvature)
    {
        double x2 = x * x;
        slope = 2 * x2 * x - 16 * x + 2.5;
        curvature = 6 * x2 - 16;
        return 0.5 * (x2 * x2 - 16 * x2 + 5 * x);
    }
}

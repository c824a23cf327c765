namespace Downhill.Functions;

/// <summary>
/// The chained Rosenbrock function f(x) = Σᵢ₌₁ⁿ⁻¹ [100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)²]: a curved, narrow valley with its
/// minimum 0 at (1, …, 1). Hand-written for any n: its Hessian is tridiagonal.
/// </summary>
internal sealed class RosenbrockObjective : IObjective, IHessianVectorProduct
{
    public RosenbrockObjective(int dimension)
    {
        if (dimension < 2) throw new ArgumentOutOfRangeException(nameof(dimension), "Rosenbrock needs at least 2 variables");
        Dimension = dimension;
        Variables = AnyDimension.VariableNames(dimension);
    }

    public int Dimension { get; }

    public IReadOnlyList<string> Variables { get; }

    public double Value(ReadOnlySpan<double> x)
    {
        AnyDimension.Check(x.Length, Dimension, nameof(x));
        double f = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double r = x[i + 1] - x[i] * x[i], s = 1 - x[i];
            f += 100 * r * r + s * s;
        }
        return f;
    }

    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        AnyDimension.Check(x.Length, Dimension, nameof(x));
        AnyDimension.Check(gradient.Length, Dimension, nameof(gradient));
        // A loop rather than Clear(), which is a call: this is most of a 2-D gradient's cost.
        for (int i = 0; i < gradient.Length; i++) gradient[i] = 0;
        double f = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double r = x[i + 1] - x[i] * x[i], s = 1 - x[i];
            f += 100 * r * r + s * s;
            gradient[i] += -400 * x[i] * r - 2 * s;
            gradient[i + 1] += 200 * r;
        }
        return f;
    }

    public double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
    {
        int n = Dimension;
        AnyDimension.Check(hessian.Length, n * n, nameof(hessian));
        double f = ValueAndGradient(x, gradient);
        hessian.Clear();
        for (int i = 0; i + 1 < n; i++)
        {
            hessian[i * n + i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
            hessian[i * n + i + 1] = hessian[(i + 1) * n + i] = -400 * x[i];
            hessian[(i + 1) * n + i + 1] += 200;
        }
        return f;
    }

    public void HessianVector(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> result)
    {
        AnyDimension.Check(x.Length, Dimension, nameof(x));
        AnyDimension.Check(v.Length, Dimension, nameof(v));
        AnyDimension.Check(result.Length, Dimension, nameof(result));
        result.Clear();
        for (int i = 0; i + 1 < x.Length; i++)
        {
            // The 2×2 block of term i, as ValueGradientHessian adds it.
            double diagonal = 1200 * x[i] * x[i] - 400 * x[i + 1] + 2, coupling = -400 * x[i];
            result[i] += diagonal * v[i] + coupling * v[i + 1];
            result[i + 1] += coupling * v[i] + 200 * v[i + 1];
        }
    }
}

using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Specs;

namespace Downhill.Tests.Running;

/// <summary>Rosenbrock's function in 2-D, f = (1 − x)² + 100(y − x²)², written out by hand with its exact derivatives.</summary>
public sealed class Rosenbrock2 : IObjective
{
    public int Dimension => 2;
    public IReadOnlyList<string> Variables { get; } = ["x", "y"];
    public double Value(ReadOnlySpan<double> p) => (1 - p[0]) * (1 - p[0]) + 100 * (p[1] - p[0] * p[0]) * (p[1] - p[0] * p[0]);

    public double ValueAndGradient(ReadOnlySpan<double> p, Span<double> g)
    {
        double x = p[0], y = p[1], r = y - x * x;
        g[0] = -2 * (1 - x) - 400 * x * r;
        g[1] = 200 * r;
        return (1 - x) * (1 - x) + 100 * r * r;
    }

    public double ValueGradientHessian(ReadOnlySpan<double> p, Span<double> g, Span<double> h)
    {
        double x = p[0], y = p[1];
        h[0] = 2 - 400 * y + 1200 * x * x;
        h[1] = h[2] = -400 * x;
        h[3] = 200;
        return ValueAndGradient(p, g);
    }
}

/// <summary>f = ½ Σ aᵢ xᵢ², minimum 0 at the origin; the curvatures aᵢ may be negative (a saddle).</summary>
public sealed class DiagonalQuadratic(params double[] curvatures) : IObjective
{
    public int Dimension => curvatures.Length;
    public IReadOnlyList<string> Variables { get; } = Enumerable.Range(1, curvatures.Length).Select(i => $"x{i}").ToArray();

    public double Value(ReadOnlySpan<double> x)
    {
        double f = 0;
        for (int i = 0; i < x.Length; i++) f += 0.5 * curvatures[i] * x[i] * x[i];
        return f;
    }

    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        for (int i = 0; i < x.Length; i++) g[i] = curvatures[i] * x[i];
        return Value(x);
    }

    public double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> g, Span<double> h)
    {
        h.Clear();
        for (int i = 0; i < x.Length; i++) h[i * x.Length + i] = curvatures[i];
        return ValueAndGradient(x, g);
    }
}

/// <summary>f = log(x) in 1-D: NaN for x &lt; 0, so a step past 0 leaves the domain.</summary>
public sealed class LogObjective : IObjective
{
    public int Dimension => 1;
    public IReadOnlyList<string> Variables { get; } = ["x"];
    public double Value(ReadOnlySpan<double> x) => Math.Log(x[0]);

    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = 1 / x[0];
        return Math.Log(x[0]);
    }

    public double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> g, Span<double> h)
    {
        h[0] = -1 / (x[0] * x[0]);
        return ValueAndGradient(x, g);
    }
}

/// <summary>Plain gradient descent x ← x − lr·∇f: the test stand-in for a method.</summary>
public sealed class PlainGradientDescent(double learningRate) : IMethod
{
    public string Name => "test-gd";
    public IReadOnlyList<Hyperparameter> Hyperparameters => [new("lr", learningRate)];
    public IMethod With(string name, object value) =>
        name == "lr" ? new PlainGradientDescent(Convert.ToDouble(value)) : throw new InputException($"unknown key '{name}'");
    public IMethodRun Start(int dimension) => new Run(learningRate);

    private sealed class Run(double learningRate) : IMethodRun
    {
        public double LearningRateInEffect => learningRate;
        public string? Note => null;

        public void Advance(Span<double> x, ref double f, Span<double> gradient, CountingObjective objective)
        {
            for (int i = 0; i < x.Length; i++) x[i] -= learningRate * gradient[i];
            f = objective.ValueAndGradient(x, gradient);
        }
    }
}

/// <summary>The chained Rosenbrock function f = Σᵢ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)² (SciPy's <c>rosen</c>), minimum 0 at (1, …, 1).</summary>
public sealed class ChainedRosenbrock(int dimension) : IObjective
{
    public int Dimension => dimension;
    public IReadOnlyList<string> Variables { get; } = Enumerable.Range(1, dimension).Select(i => $"x{i}").ToArray();

    public double Value(ReadOnlySpan<double> x)
    {
        double f = 0;
        for (int i = 0; i + 1 < x.Length; i++)
            f += 100 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (1 - x[i]) * (1 - x[i]);
        return f;
    }

    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g.Clear();
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double r = x[i + 1] - x[i] * x[i];
            g[i] += -400 * x[i] * r - 2 * (1 - x[i]);
            g[i + 1] += 200 * r;
        }
        return Value(x);
    }

    public double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> g, Span<double> h)
    {
        int n = x.Length;
        h.Clear();
        for (int i = 0; i + 1 < n; i++)
        {
            h[i * n + i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
            h[i * n + i + 1] += -400 * x[i];
            h[(i + 1) * n + i] += -400 * x[i];
            h[(i + 1) * n + i + 1] += 200;
        }
        return ValueAndGradient(x, g);
    }
}

using Downhill.Functions.Expressions;

namespace Downhill.Tests.Functions;

/// <summary>Exact values worked out by hand, including the documented choices where no derivative exists.</summary>
public class DerivativeTableTests
{
    private static readonly double E2 = Math.Exp(2), L2 = Math.Log(2);

    public static TheoryData<string, double[], double, double[], double[]> Cases => new()
    {
        { "x^2*y", [3, 2], 18, [12, 9], [4, 6, 6, 0] },
        { "sin(x)*cos(y)", [0.3, 0.7], Math.Sin(0.3) * Math.Cos(0.7), [Math.Cos(0.3) * Math.Cos(0.7), -Math.Sin(0.3) * Math.Sin(0.7)],
            [-Math.Sin(0.3) * Math.Cos(0.7), -Math.Cos(0.3) * Math.Sin(0.7), -Math.Cos(0.3) * Math.Sin(0.7), -Math.Sin(0.3) * Math.Cos(0.7)] },
        { "exp(x*y)", [1, 2], E2, [2 * E2, E2], [4 * E2, 3 * E2, 3 * E2, E2] },
        { "x^y", [2, 3], 8, [12, 8 * L2], [12, 4 * (1 + 3 * L2), 4 * (1 + 3 * L2), 8 * L2 * L2] },
        { "x/y", [3, 2], 1.5, [0.5, -0.75], [0, -0.25, -0.25, 0.75] },
        { "log(x)", [2], Math.Log(2), [0.5], [-0.25] },
        { "log10(x)", [10], 1, [1 / (10 * Math.Log(10))], [-1 / (100 * Math.Log(10))] },
        { "sqrt(x)", [4], 2, [0.25], [-1.0 / 32] },
        { "atan(x)", [1], Math.PI / 4, [0.5], [-0.5] },
        { "asin(x)", [0.5], Math.PI / 6, [1 / Math.Sqrt(0.75)], [0.5 / Math.Pow(0.75, 1.5)] },
        { "acos(x)", [0.5], Math.PI / 3, [-1 / Math.Sqrt(0.75)], [-0.5 / Math.Pow(0.75, 1.5)] },
        { "tan(x)", [0.4], Math.Tan(0.4), [1 + Math.Tan(0.4) * Math.Tan(0.4)], [2 * Math.Tan(0.4) * (1 + Math.Tan(0.4) * Math.Tan(0.4))] },
        { "cosh(x) + sinh(x)", [0.3], Math.Exp(0.3), [Math.Exp(0.3)], [Math.Exp(0.3)] },
        { "tanh(x)", [0.5], Math.Tanh(0.5), [1 - Math.Tanh(0.5) * Math.Tanh(0.5)],
            [-2 * Math.Tanh(0.5) * (1 - Math.Tanh(0.5) * Math.Tanh(0.5))] },
        { "sigmoid(x)", [0], 0.5, [0.25], [0] },
        { "softplus(x)", [0], Math.Log(2), [0.5], [0.25] },
        // Where no derivative exists: abs'(0) = 0, relu'(0) = 0, sign' = 0, sqrt'(0) = +inf; min/max follow the first argument at a tie.
        { "abs(x)", [0], 0, [0], [0] },
        { "abs(x)", [-2], 2, [-1], [0] },
        { "relu(x)", [0], 0, [0], [0] },
        { "relu(x)", [1.5], 1.5, [1], [0] },
        { "sign(x)", [3], 1, [0], [0] },
        { "sqrt(x)", [0], 0, [double.PositiveInfinity], [double.NegativeInfinity] },
        { "min(x, y)", [1, 1], 1, [1, 0], [0, 0, 0, 0] },
        { "max(x, y)", [1, 1], 1, [1, 0], [0, 0, 0, 0] },
        { "min(x, y)", [2, 1], 1, [0, 1], [0, 0, 0, 0] },
        { "max(x^2, y)", [3, 1], 9, [6, 0], [2, 0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void CompiledDerivativesMatchHandDerivedValues(string text, double[] x, double f, double[] gradient, double[] hessian)
    {
        var objective = Expression.Parse(text).Compile();
        var g = new double[x.Length];
        var h = new double[x.Length * x.Length];
        Assert.Equal(f, objective.ValueGradientHessian(x, g, h), 1e-14);
        for (int i = 0; i < g.Length; i++) AssertSame(gradient[i], g[i], $"{text} gradient[{i}]");
        for (int i = 0; i < h.Length; i++) AssertSame(hessian[i], h[i], $"{text} hessian[{i}]");
        var g2 = new double[x.Length];
        Assert.Equal(f, objective.ValueAndGradient(x, g2), 1e-14);
        Assert.Equal(g, g2);
    }

    private static void AssertSame(double expected, double actual, string what)
    {
        if (double.IsInfinity(expected)) Assert.True(expected == actual, $"{what}: expected {expected}, got {actual}");
        else Assert.True(Math.Abs(expected - actual) <= 1e-13 * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");
    }

    [Fact]
    public void OutsideTheDomainTheValueIsNaNNotAnException()
    {
        var objective = Expression.Parse("log(x) + sqrt(y)").Compile();
        var g = new double[2];
        var h = new double[4];
        Assert.True(double.IsNaN(objective.ValueGradientHessian([-1, 4], g, h)));
        Assert.True(double.IsNaN(Expression.Parse("asin(x)").Compile().Value([2])));
    }

    [Theory]
    [InlineData(800, 1, 0)]
    [InlineData(-800, 0, 0)]
    public void SigmoidIsStableForLargeArguments(double x, double value, double slope)
    {
        var objective = Expression.Parse("sigmoid(x)").Compile();
        var g = new double[1];
        Assert.Equal(value, objective.ValueAndGradient([x], g));
        Assert.Equal(slope, g[0]);
    }

    [Fact]
    public void SaturatingSlopesKeepTheirRelativeAccuracy()
    {
        var g = new double[1];
        Expression.Parse("sigmoid(x)").Compile().ValueAndGradient([40], g);
        Assert.Equal(Math.Exp(-40), g[0], 1e-12 * Math.Exp(-40));
        Expression.Parse("tanh(x)").Compile().ValueAndGradient([20], g);
        Assert.Equal(4 * Math.Exp(-40), g[0], 1e-12 * Math.Exp(-40));
    }

    [Fact]
    public void SoftplusIsStableAndAccurateForLargeArguments()
    {
        var objective = Expression.Parse("softplus(x)").Compile();
        Assert.Equal(800, objective.Value([800]));
        Assert.Equal(0, objective.Value([-800]));
        // ln(1 + e⁻³⁰) = e⁻³⁰ − e⁻⁶⁰/2 + …: a naive log(1 + exp(x)) would lose every digit here.
        double t = Math.Exp(-30);
        Assert.Equal(t - t * t / 2, objective.Value([-30]), 1e-28);
        var g = new double[1];
        objective.ValueAndGradient([1000], g);
        Assert.Equal(1, g[0]);
    }
}

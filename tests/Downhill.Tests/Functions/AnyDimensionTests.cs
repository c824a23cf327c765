using Downhill.Functions;
using Downhill.Functions.Expressions;

namespace Downhill.Tests.Functions;

/// <summary>The hand-written any-N functions, checked against their expression form and against finite differences.</summary>
public class AnyDimensionTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in new[] { "rosenbrock", "rastrigin", "ackley", "styblinski-tang" })
            foreach (int n in new[] { 1, 2, 3, 5 })
                if (n >= Catalog.Find(name)!.MinimumDimension) data.Add(name, n);
        return data;
    }

    private static double[] RandomPoint(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => random.NextDouble() * 4 - 2).ToArray();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void HandWrittenCodeAgreesWithTheCompiledExpression(string name, int n)
    {
        var resolved = Catalog.Find(name)!.Create(n);
        var expression = resolved.Expression!;
        Assert.Equal(resolved.Objective.Variables, expression.Variables);
        var compiled = expression.Compile();
        for (int seed = 0; seed < 5; seed++)
        {
            double[] x = RandomPoint(n, seed);
            var (g1, h1, g2, h2) = (new double[n], new double[n * n], new double[n], new double[n * n]);
            double f1 = resolved.Objective.ValueGradientHessian(x, g1, h1);
            double f2 = compiled.ValueGradientHessian(x, g2, h2);
            double scale = FiniteDifferences.MaxAbs([f1], g1, h1);
            FiniteDifferences.AssertClose([f2], [f1], 1e-13, scale, $"{name} n={n} value");
            FiniteDifferences.AssertClose(g2, g1, 1e-13, scale, $"{name} n={n} gradient");
            FiniteDifferences.AssertClose(h2, h1, 1e-13, scale, $"{name} n={n} hessian");
            Assert.Equal(f1, resolved.Objective.Value(x));
            var g3 = new double[n];
            Assert.Equal(f1, resolved.Objective.ValueAndGradient(x, g3));
            Assert.Equal(g1, g3);
        }
    }

    [Theory]
    [InlineData("rosenbrock", 12)]
    [InlineData("rastrigin", 12)]
    [InlineData("ackley", 12)]
    [InlineData("styblinski-tang", 12)]
    public void BeyondExpressionSizeDerivativesMatchFiniteDifferences(string name, int n)
    {
        var f = Catalog.Find(name)!.Create(n);
        Assert.Null(f.Expression);
        double[] x = RandomPoint(n, 42);
        var g = new double[n];
        var h = new double[n * n];
        double value = f.Objective.ValueGradientHessian(x, g, h);
        double scale = FiniteDifferences.MaxAbs([value], g, h);
        FiniteDifferences.AssertClose(FiniteDifferences.Gradient(f.Objective, x), g, 1e-6, scale, name + " gradient");
        FiniteDifferences.AssertClose(FiniteDifferences.Hessian(f.Objective, x), h, 1e-6, scale, name + " hessian");
    }

    [Fact]
    public void AckleyAtTheOriginHasAZeroGradientAndAnInfiniteDiagonalCurvature()
    {
        var f = Catalog.Find("ackley")!.Create(3).Objective;
        var g = new double[3];
        var h = new double[9];
        Assert.Equal(0, f.ValueGradientHessian([0, 0, 0], g, h), 1e-15);
        Assert.Equal([0.0, 0, 0], g);
        Assert.Equal(double.PositiveInfinity, h[0]);
        Assert.Equal(double.PositiveInfinity, h[4]);
        Assert.False(double.IsNaN(h[1]));
    }

    [Fact]
    public void ExpressionsAreGivenUpToTenVariables()
    {
        Assert.NotNull(Catalog.Find("rosenbrock")!.Create(10).Expression);
        var big = Catalog.Find("rosenbrock")!.Create(11);
        Assert.Null(big.Expression);
        Assert.Contains("Σ", big.Formula);
        Assert.Equal("(1 - x)^2 + 100*(y - x^2)^2", Catalog.Find("rosenbrock")!.Create().Formula);
    }

    [Fact]
    public void WrongLengthsAreRejectedNotReadPastTheEnd()
    {
        var f = Expression.Parse("x + y").Compile();
        Assert.Throws<ArgumentException>(() => f.Value([1.0]));
        Assert.Throws<ArgumentException>(() => f.ValueAndGradient([1.0, 2], new double[1]));
        Assert.Throws<ArgumentException>(() => f.ValueGradientHessian([1.0, 2], new double[2], new double[3]));
        var r = Catalog.Find("rosenbrock")!.Create(3).Objective;
        Assert.Throws<ArgumentException>(() => r.ValueGradientHessian([1.0, 2, 3], new double[3], new double[8]));
    }

    [Fact]
    public void OneCompiledObjectiveServesManyThreadsAtOnce()
    {
        var f = Expression.Parse("(1-x)^2+100*(y-x^2)^2 + sin(x*y)").Compile();
        var results = new double[64];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var g = new double[2];
            var h = new double[4];
            double[] x = [i / 64.0, 1 - i / 64.0];
            results[i] = f.ValueGradientHessian(x, g, h) + f.ValueAndGradient(x, g) + f.Value(x);
        });
        for (int i = 0; i < results.Length; i++)
        {
            double a = i / 64.0, b = 1 - a;
            double expected = (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a) + Math.Sin(a * b);
            Assert.Equal(3 * expected, results[i], 1e-12);
        }
    }

    [Fact]
    public void CompiledCallsDoNotAllocate()
    {
        foreach (var f in new[] { Expression.Parse("(1-x)^2+100*(y-x^2)^2").Compile(), Catalog.Find("ackley")!.Create(2).Objective })
        {
            double[] x = [-1.2, 1];
            var g = new double[2];
            var h = new double[4];
            f.ValueGradientHessian(x, g, h);
            f.ValueAndGradient(x, g);
            f.Value(x);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                f.Value(x);
                f.ValueAndGradient(x, g);
                f.ValueGradientHessian(x, g, h);
            }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}

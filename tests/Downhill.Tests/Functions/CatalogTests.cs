using Downhill.Functions;

namespace Downhill.Tests.Functions;

public class CatalogTests
{
    private static readonly string[] IssueNames =
    [
        "parabola", "xcos", "xcos-noisy", "cubic", "tanh", "saddle", "monkey-saddle", "peaks", "valley", "rosenbrock",
        "himmelblau", "beale", "booth", "matyas", "three-hump-camel", "six-hump-camel", "goldstein-price", "rastrigin",
        "ackley", "styblinski-tang", "easom",
    ];

    [Fact]
    public void HoldsEveryFunctionTheCourseNames()
    {
        Assert.Equal(IssueNames, Catalog.Entries.Select(e => e.Name));
    }

    public static TheoryData<string, int> EveryEntryAtSomeDimensions()
    {
        var data = new TheoryData<string, int>();
        foreach (var e in Catalog.Entries)
            foreach (int n in e.Dimension is { } d ? [d] : new[] { e.MinimumDimension, 2, 3, 7 }.Distinct())
                data.Add(e.Name, n);
        return data;
    }

    /// <summary>Published formulas have typos: each stored point is checked against the function's own formula.</summary>
    [Theory]
    [MemberData(nameof(EveryEntryAtSomeDimensions))]
    public void StoredPointsAreCriticalPointsOfTheFormulaWithTheStatedValueAndKind(string name, int n)
    {
        var f = Catalog.Find(name)!.Create(n);
        Assert.Equal(n, f.Dimension);
        Assert.Equal(n, f.Bounds!.Count);
        foreach (var p in f.KnownPoints)
        {
            double[] x = [.. p.X];
            var g = new double[n];
            var h = new double[n * n];
            double value = f.Objective.ValueGradientHessian(x, g, h);
            string where = $"{name} at ({string.Join(", ", x)})";
            Assert.True(Math.Abs(value - p.F) <= 1e-12 * Math.Max(1, Math.Abs(p.F)), $"{where}: f = {value:R}, stored {p.F:R}");
            Assert.True(Math.Sqrt(g.Sum(v => v * v)) < 1e-8, $"{where}: |grad| = {Math.Sqrt(g.Sum(v => v * v))}");
            for (int i = 0; i < n; i++) Assert.True(f.Bounds[i].Contains(x[i]), $"{where}: outside the bounds");
            if (name != "ackley") Assert.Equal(p.Kind, Classify(h, n, p.Kind));
        }
    }

    /// <summary>The second-order test; for 1 and 2 variables (and diagonal Hessians) exactly, else definiteness by Cholesky.</summary>
    private static PointKind Classify(double[] h, int n, PointKind stated)
    {
        var eigen = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfRowMajor(n, n, h).Evd().EigenValues.Select(c => c.Real).ToArray();
        double scale = Math.Max(1, eigen.Max(Math.Abs));
        if (eigen.Any(v => Math.Abs(v) < 1e-9 * scale)) return PointKind.Degenerate;
        if (eigen.All(v => v > 0)) return stated == PointKind.GlobalMinimum ? stated : PointKind.LocalMinimum;
        return eigen.All(v => v < 0) ? PointKind.Maximum : PointKind.Saddle;
    }

    [Theory]
    [InlineData("himmelblau", 4, 0, 1, 4)]
    [InlineData("peaks", 1, 2, 3, 3)]
    [InlineData("six-hump-camel", 2, 4, 2, 7)]
    [InlineData("three-hump-camel", 1, 2, 0, 2)]
    public void ListsTheCriticalPointsOthersRelyOn(string name, int global, int local, int maxima, int saddles)
    {
        var points = Catalog.Find(name)!.Create().KnownPoints;
        Assert.Equal(global, points.Count(p => p.Kind == PointKind.GlobalMinimum));
        Assert.Equal(local, points.Count(p => p.Kind == PointKind.LocalMinimum));
        Assert.Equal(maxima, points.Count(p => p.Kind == PointKind.Maximum));
        Assert.Equal(saddles, points.Count(p => p.Kind == PointKind.Saddle));
    }

    [Fact]
    public void HimmelblausFourMinimaAreExactZeros()
    {
        var points = Catalog.Find("himmelblau")!.Create().KnownPoints.Where(p => p.IsMinimum).ToList();
        Assert.Equal(4, points.Count);
        Assert.All(points, p => Assert.Equal(0, p.F));
        Assert.Contains(points, p => p.X.SequenceEqual([3.0, 2.0]));
    }

    [Fact]
    public void ValleyKappaIsTheHessiansConditionNumber()
    {
        var f = FunctionResolver.Resolve("valley:kappa=50");
        Assert.Equal("valley:kappa=50", f.Name);
        var g = new double[2];
        var h = new double[4];
        f.Objective.ValueGradientHessian([1, 1], g, h);
        Assert.Equal([1.0, 0, 0, 50], h);
        Assert.Equal(5, FunctionResolver.Resolve("valley").Objective.Value([0, 1]));
    }

    [Theory]
    [InlineData("valley:kappa=0", "valley:kappa must be a positive number")]
    [InlineData("valley:kappa=abc", "valley:kappa must be a number, not 'abc'")]
    [InlineData("valley:sigma=2", "unknown key 'sigma' for function 'valley'; valid keys: kappa")]
    [InlineData("rosenbrock:a=2", "function 'rosenbrock' takes no settings, but 'a' was given")]
    public void BadSettingsAreNamed(string text, string message)
    {
        var e = Assert.Throws<InputException>(() => FunctionResolver.Resolve(text));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void FixedDimensionRejectsAnotherDimensionAndAnyNChecksItsRange()
    {
        Assert.Equal(2, FunctionResolver.Resolve("himmelblau", 2).Dimension);
        Assert.Equal("'himmelblau' is a function of 2 variables; dimension 3 does not apply",
            Assert.Throws<InputException>(() => FunctionResolver.Resolve("himmelblau", 3)).Message);
        Assert.Contains("'rosenbrock' takes dimension from 2", Assert.Throws<InputException>(() => FunctionResolver.Resolve("rosenbrock", 1)).Message);
        Assert.Equal(1, FunctionResolver.Resolve("rastrigin", 1).Dimension);
        Assert.Equal(["x1", "x2", "x3", "x4"], FunctionResolver.Resolve("ackley", 4).Objective.Variables);
    }
}

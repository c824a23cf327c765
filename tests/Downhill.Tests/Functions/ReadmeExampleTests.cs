using Downhill.Functions;
using Downhill.Functions.Expressions;

namespace Downhill.Tests.Functions;

/// <summary>The README's library example, line for line, with the values its comments state.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void TheReadmeExampleDoesWhatItSays()
    {
        var f = FunctionResolver.Resolve("(1-x)^2 + 100*(y-x^2)^2");
        double[] x = [-1.2, 1], g = new double[2], h = new double[4];
        double value = f.Objective.ValueGradientHessian(x, g, h);
        var known = Catalog.Find("himmelblau")!.Create().KnownPoints;
        string gradient = string.Join("; ", Expression.Parse("x*sin(y)").GradientText);

        Assert.Equal(24.2, value, 1e-12);
        Assert.Equal(-215.6, g[0], 1e-12);
        Assert.Equal(-88, g[1], 1e-12);
        Assert.Equal([1330.0, 480, 480, 200], h);
        Assert.Equal((4, 1, 4), (known.Count(p => p.IsMinimum), known.Count(p => p.Kind == PointKind.Maximum),
            known.Count(p => p.Kind == PointKind.Saddle)));
        Assert.Equal("sin(y); x*cos(y)", gradient);
    }
}

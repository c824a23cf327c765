using Downhill.Functions;

namespace Downhill.Tests.Functions;

public class ResolverTests
{
    [Fact]
    public void ACatalogNameGivesTheEntryWithBoundsAndPoints()
    {
        var f = FunctionResolver.Resolve("himmelblau");
        Assert.Equal("himmelblau", f.Name);
        Assert.Equal("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", f.Formula);
        Assert.Equal([new Interval(-5, 5), new Interval(-5, 5)], f.Bounds);
        Assert.Equal(9, f.KnownPoints.Count);
    }

    [Fact]
    public void AnExpressionGivesItsCompiledObjective()
    {
        var f = FunctionResolver.Resolve(" x^2+3*y ");
        Assert.Equal("x^2+3*y", f.Name);
        Assert.Null(f.Bounds);
        Assert.Empty(f.KnownPoints);
        Assert.Equal(["x", "y"], f.Objective.Variables);
        Assert.Equal(4 + 9, f.Objective.Value([2, 3]));
        Assert.Equal(3, FunctionResolver.Resolve("a*b", variables: ["a", "b", "c"]).Dimension);
    }

    [Theory]
    [InlineData("rosenbrok", "unknown function 'rosenbrok'; did you mean 'rosenbrock'?")]
    [InlineData("himmelblau:x=1", "function 'himmelblau' takes no settings, but 'x' was given")]
    [InlineData("nosuch:kappa=1", "unknown function 'nosuch'; `downhill functions` lists them")]
    [InlineData("six-hump", "unknown function 'six-hump'; did you mean 'six-hump-camel'?")]
    [InlineData("3", "the expression has no variables")]
    [InlineData("", "no function given")]
    public void BadNamesAreReportedWithTheNearestName(string text, string message)
    {
        var e = Assert.Throws<InputException>(() => FunctionResolver.Resolve(text));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void AWordFarFromEveryNameIsAnExpression()
    {
        Assert.Equal(["w"], FunctionResolver.Resolve("w").Objective.Variables);
        Assert.Equal(["a", "b"], FunctionResolver.Resolve("a-b").Objective.Variables);
    }

    [Fact]
    public void DimensionAndVariablesAreChecked()
    {
        Assert.Equal("dimension 3 given, but the expression has 2 variables (x, y)",
            Assert.Throws<InputException>(() => FunctionResolver.Resolve("x*y", 3)).Message);
        Assert.Equal("variables applies to expressions, not to the catalog function 'booth'",
            Assert.Throws<InputException>(() => FunctionResolver.Resolve("booth", variables: ["x", "y"])).Message);
        Assert.Equal(5, FunctionResolver.Resolve("rosenbrock", 5).Dimension);
    }
}

using Downhill.Functions.Expressions;

namespace Downhill.Tests.Functions;

public class ParserTests
{
    [Theory]
    [InlineData("-x^2", 3, -9)]
    [InlineData("2^3^2", 0, 512)]
    [InlineData("2**3**2", 0, 512)]
    [InlineData("-2^2", 0, -4)]
    [InlineData("(-2)^2", 0, 4)]
    [InlineData("2^-1", 0, 0.5)]
    [InlineData("-x^-2", 2, -0.25)]
    [InlineData("1 - 2 - 3", 0, -4)]
    [InlineData("8/4/2", 0, 1)]
    [InlineData("2*3+4", 0, 10)]
    [InlineData("2+3*4", 0, 14)]
    [InlineData("2*-3", 0, -6)]
    [InlineData("--x", 5, 5)]
    [InlineData("+x", 5, 5)]
    [InlineData("x - -1", 5, 6)]
    [InlineData("pow(2, 3)", 0, 8)]
    [InlineData("pow(x, 2)^2", 3, 81)]
    [InlineData(".5 + 1e-3*1000 + 2.5E1", 0, 26.5)]
    [InlineData("e", 0, Math.E)]
    [InlineData("pi/2", 0, Math.PI / 2)]
    [InlineData("min(x, 2) + max(x, 2)", 7, 9)]
    [InlineData("sqrt(16) + abs(-3) + sign(-2) + log(e) + log10(1000)", 0, 10)]
    [InlineData("relu(-x) + relu(x) + step(x) + step(-x)", 2, 3)]
    [InlineData("((x))", 4, 4)]
    [InlineData("x^0.5", 9, 3)]
    public void EvaluatesWithTheStatedPrecedence(string text, double x, double expected)
    {
        var e = Expression.Parse(text, ["x"]);
        Assert.Equal(expected, e.Evaluate([x]), 12);
        Assert.Equal(expected, e.Compile().Value([x]), 12);
    }

    [Fact]
    public void VariablesComeInTheDocumentedOrder()
    {
        var e = Expression.Parse("b + x10 + a + x2 + z + y + x + x1 + w1");
        Assert.Equal(["x", "y", "z", "w1", "x1", "x2", "x10", "a", "b"], e.Variables);
        Assert.Equal(["x", "y", "x9", "x11", "x100"], Expression.Parse("x100 + x11 + x9 + y + x").Variables);
    }

    [Fact]
    public void DeclaredVariablesFixOrderAndMayBeUnused()
    {
        var e = Expression.Parse("a - 2*b", ["b", "c", "a"]);
        Assert.Equal(["b", "c", "a"], e.Variables);
        var f = e.Compile();
        Assert.Equal(3, f.Dimension);
        var g = new double[3];
        Assert.Equal(10 - 2 * 3, f.ValueAndGradient([3, 100, 10], g));
        Assert.Equal([-2.0, 0, 1], g);
    }

    [Theory]
    [InlineData("(1-x)^2+100*(y-x^2)^2", "(1 - x)^2 + 100*(y - x^2)^2")]
    [InlineData("-x^2", "-x^2")]
    [InlineData("(-x)^2", "(-x)^2")]
    [InlineData("2^3^x", "2^3^x")]
    [InlineData("(2^3)^x", "(2^3)^x")]
    [InlineData("a-(b-c)", "a - (b - c)")]
    [InlineData("a/(b*c)", "a/(b*c)")]
    [InlineData("x^-1", "x^-1")]
    public void FormatsWithOnlyTheNeededParentheses(string text, string expected)
    {
        Assert.Equal(expected, Expression.Parse(text).Formatted);
    }

    [Fact]
    public void FormattedTextParsesBackToTheSameValue()
    {
        var e = Expression.Parse("-(x - y)^3/(2*x) - -x*y^-2 + sin(x)^2 - (x/y)/(x*y)");
        var again = Expression.Parse(e.Formatted);
        var simplified = Expression.Parse(e.Simplified);
        double[] p = [0.7, -1.3];
        Assert.Equal(e.Evaluate(p), again.Evaluate(p), 14);
        Assert.Equal(e.Evaluate(p), simplified.Evaluate(p), 12);
    }

    [Theory]
    [InlineData("x*x", "x^2")]
    [InlineData("x^2*x", "x^3")]
    [InlineData("0*y + 1*x", "x")]
    [InlineData("x*(-2)", "-2*x")]
    [InlineData("-(x - 2)", "2 - x")]
    [InlineData("-(-2 - x)", "x + 2")]
    [InlineData("2*x + 3*x", "5*x")]
    [InlineData("y + x - y", "x")]
    [InlineData("x - -y", "x + y")]
    [InlineData("2*3 + 4", "10")]
    [InlineData("1/3*x", "x/3")]
    [InlineData("x/1 + x^1 + x^0", "2*x + 1")]
    [InlineData("pi*x*pi", "pi^2*x")]
    [InlineData("pi*2*x", "2*pi*x")]
    [InlineData("x*pi", "pi*x")]
    [InlineData("(x^2)^3", "x^6")]
    [InlineData("(x^0.5)^2", "(x^0.5)^2")]
    public void SimplifiesToReadableForms(string text, string expected)
    {
        Assert.Equal(expected, Expression.Parse(text).Simplified);
    }
}

using Downhill.Functions.Expressions;

namespace Downhill.Tests.Functions;

public class ExpressionErrorTests
{
    [Theory]
    [InlineData("(x+1", 4, "expected ')' to close the '(' at column 1, found the end of the expression")]
    [InlineData("((x+1)", 6, "expected ')' to close the '(' at column 1")]
    [InlineData("x+1)", 3, "unmatched ')'")]
    [InlineData("x+", 2, "expected a number, variable, function or '(' after '+', found the end of the expression")]
    [InlineData("x*/y", 2, "after '*', found '/'")]
    [InlineData("*x", 0, "expected a number, variable, function or '(', found '*'")]
    [InlineData("x^", 2, "after '^'")]
    [InlineData("foo(x)", 0, "unknown function 'foo'")]
    [InlineData("sinn(x)", 0, "unknown function 'sinn'; did you mean 'sin'?")]
    [InlineData("2*PI", 2, "unknown constant 'PI'; names are case-sensitive: did you mean 'pi'?")]
    [InlineData("sin + 1", 3, "function 'sin' needs its arguments in parentheses")]
    [InlineData("1.2.3*x", 0, "malformed number '1.2.3'")]
    [InlineData("2e*x", 0, "malformed number '2e'")]
    [InlineData("1e+", 0, "malformed number '1e+'")]
    [InlineData("1e999*x", 0, "number '1e999' is too large")]
    [InlineData("2x", 1, "missing operator before 'x'")]
    [InlineData("x y", 2, "missing operator before 'y'")]
    [InlineData("x # y", 2, "unexpected character '#'")]
    [InlineData("sin(x, y)", 0, "sin takes 1 argument, but 2 were given")]
    [InlineData("max(x)", 0, "max takes 2 arguments, but 1 was given")]
    [InlineData("max(x; y)", 5, "unexpected character ';'")]
    [InlineData("   ", 0, "empty expression")]
    public void MalformedExpressionsPointAtTheBadSpot(string text, int position, string message)
    {
        var e = Assert.Throws<InputException>(() => Expression.Parse(text));
        Assert.Contains(message, e.Message);
        Assert.Equal(text, e.Text);
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void UndeclaredVariableIsNamedWithTheDeclaredOnes()
    {
        var e = Assert.Throws<InputException>(() => Expression.Parse("a + q", ["a", "b"]));
        Assert.Equal("unknown variable 'q': the variables are a, b", e.Message);
        Assert.Equal(4, e.Position);
    }

    [Theory]
    [InlineData("x,x", "variable 'x' is named twice")]
    [InlineData("x,2y", "variable name '2y' is not an identifier")]
    [InlineData("x,pi", "variable name 'pi' is reserved")]
    public void BadVariableListsAreRejected(string list, string message)
    {
        var e = Assert.Throws<InputException>(() => Expression.Parse("x", list.Split(',')));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void AtMostAHundredVariables()
    {
        var names = Enumerable.Range(1, 101).Select(i => $"x{i}").ToArray();
        Assert.Contains("at most 100 variables", Assert.Throws<InputException>(() => Expression.Parse("x1", names)).Message);
        Assert.Equal(100, Expression.Parse("x1", names[..100]).Dimension);
    }

    [Fact]
    public void AHugeExpressionIsAnErrorNotAStackOverflow()
    {
        string text = string.Join("+", Enumerable.Repeat("x", 600));
        var e = Assert.Throws<InputException>(() => Expression.Parse(text));
        Assert.Contains("expression too long", e.Message);
        Assert.Equal(1000, e.Position);
        Assert.Equal(500, Expression.Parse(string.Join("+", Enumerable.Repeat("x", 500))).Compile().Value([1.0]));
    }

    [Fact]
    public void DeepNestingIsAnErrorNotAStackOverflow()
    {
        string text = new string('(', 300) + "x" + new string(')', 300);
        var e = Assert.Throws<InputException>(() => Expression.Parse(text));
        Assert.Contains("nested more than", e.Message);
    }
}

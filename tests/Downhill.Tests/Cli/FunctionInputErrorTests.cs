namespace Downhill.Tests.Cli;

/// <summary>Every kind of bad function input: exit code 2, one message naming what and where, a caret under it.</summary>
public class FunctionInputErrorTests
{
    [Theory]
    [InlineData("(x+1", 4, "expected ')' to close the '(' at column 1, found the end of the expression")]
    [InlineData("x+1)", 3, "unmatched ')': no '(' before it to close")]
    [InlineData("x*", 2, "expected a number, variable, function or '(' after '*', found the end of the expression")]
    [InlineData("2*fo(x)", 2, "unknown function 'fo'")]
    [InlineData("sqr(x)", 0, "unknown function 'sqr'; did you mean 'sqrt'?")]
    [InlineData("x*Pi", 2, "unknown constant 'Pi'; names are case-sensitive: did you mean 'pi'?")]
    [InlineData("x+1.2.3", 2, "malformed number '1.2.3'")]
    [InlineData("rosenbrok", 0, "unknown function 'rosenbrok'; did you mean 'rosenbrock'?")]
    [InlineData("himmelblau:kappa=2", 0, "function 'himmelblau' takes no settings")]
    public void MalformedFunctionsGetACaret(string function, int position, string message)
    {
        var outcome = CliHarness.Run("eval", "-f", function, "--at=1,2");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("", outcome.Out);
        var lines = outcome.Error.TrimEnd().ReplaceLineEndings("\n").Split('\n');
        Assert.StartsWith("downhill: ", lines[0]);
        Assert.Contains(message, lines[0]);
        if (lines.Length > 1)
        {
            Assert.Equal("  " + function, lines[1]);
            Assert.Equal(new string(' ', 2 + position) + "^", lines[2]);
        }
        else
        {
            Assert.Contains("takes no settings", message);
        }
        Assert.DoesNotContain("   at ", outcome.Error);
    }

    [Theory]
    [InlineData(new[] { "eval", "-f", "x*y", "--at=1,2,3" }, "--at: 3 values given for a function of 2 variables")]
    [InlineData(new[] { "eval", "-f", "x*y", "--at=1,abc" }, "--at: 'abc' (entry 2) is not a finite number")]
    [InlineData(new[] { "eval", "-f", "himmelblau", "--dim", "3", "--at=1,2,3" }, "'himmelblau' is a function of 2 variables; --dim 3 does not apply")]
    [InlineData(new[] { "eval", "-f", "rosenbrock", "--dim", "1", "--at=1" }, "'rosenbrock' takes --dim from 2 to")]
    [InlineData(new[] { "eval", "-f", "x*y", "--dim", "3", "--at=1,2,3" }, "--dim 3 given, but the expression has 2 variables (x, y)")]
    [InlineData(new[] { "eval", "-f", "booth", "--vars", "a,b", "--at=1,2" }, "--vars applies to expressions, not to the catalog function 'booth'")]
    [InlineData(new[] { "eval", "-f", "3", "--at=1" }, "the expression has no variables; name them with --vars (e.g. --vars x)")]
    [InlineData(new[] { "eval", "-f", "x", "--dim", "1.5", "--at=1" }, "--dim must be a positive whole number, not '1.5'")]
    [InlineData(new[] { "eval", "-f", "x*y", "--vars", "x,x", "--at=1,2" }, "variable 'x' is named twice")]
    [InlineData(new[] { "eval", "--at=1" }, "--function")]
    [InlineData(new[] { "derive", "-f", "rosenbrock", "--dim", "11" }, "derive prints formulas for functions of up to 10 variables")]
    public void BadValuesAreNamed(string[] args, string message)
    {
        var outcome = CliHarness.Run(args);
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("downhill: ", outcome.Error);
        Assert.Contains(message, outcome.Error);
        Assert.DoesNotContain("   at ", outcome.Error);
    }
}

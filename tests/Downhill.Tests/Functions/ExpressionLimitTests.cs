using Downhill.Functions.Expressions;
using Downhill.Tests.Cli;

namespace Downhill.Tests.Functions;

/// <summary>
/// The expression compiler on hostile input: the variable limit applies to every expression, wide Hessians stay
/// within bounded graphs and IL limits (falling back to Hessian-vector products), constant folding never makes an
/// infinite or NaN constant, and x^y agrees to the bit with x^k and with the interpreter.
/// </summary>
public class ExpressionLimitTests
{
    private static string Product(int n) => string.Join("*", Enumerable.Range(0, n).Select(i => $"a{i}"));

    [Fact]
    public void VariablesFoundInTheTextAreCappedWithACaretAtTheFirstOneTooMany()
    {
        string text = Product(101);
        var e = Assert.Throws<InputException>(() => Expression.Parse(text));
        Assert.Equal("an expression may have at most 100 variables (its Hessian has n² entries): 'a100' is one more", e.Message);
        Assert.Equal(text.IndexOf("a100", StringComparison.Ordinal), e.Position);
        // Repeats do not count: 100 names used twice each are fine.
        Assert.Equal(100, Expression.Parse(Product(100) + " + " + Product(100)).Dimension);
    }

    [Fact]
    public void AHundredVariableProductHasAnExactHessianFromHessianVectorProducts()
    {
        const int n = 100;
        var expression = Expression.Parse(Product(n));
        var f = expression.Compile();
        var x = Enumerable.Range(0, n).Select(i => 1 + i / 1000.0).ToArray();
        var g = new double[n];
        var h = new double[n * n];
        double value = f.ValueGradientHessian(x, g, h);
        // About n³/6 = 166,000 terms: more than MaxSubexpressions, so no formulas, but the same numbers.
        Assert.False(expression.HasHessianFormulas);
        Assert.Equal(x.Aggregate(1.0, (p, v) => p * v), value, 1e-12);
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            double exact = i == j ? 0 : value / (x[i] * x[j]);
            Assert.True(Math.Abs(h[i * n + j] - exact) <= 1e-13 * Math.Abs(value), $"H[{i},{j}] = {h[i * n + j]}, exact {exact}");
            Assert.Equal(h[i * n + j], h[j * n + i]);
        }
        Assert.Equal(value / x[7], g[7], 1e-12);
    }

    [Fact]
    public void DeriveSaysAHessianTooLargeForFormulasIsNotWrittenOut()
    {
        var outcome = CliHarness.Run("derive", "-f", Product(80));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("∂f/∂a79 = ", outcome.Out);
        Assert.Contains("the Hessian has more than 50,000 distinct subexpressions: too many to write out", outcome.Out);
    }

    [Fact]
    public void DeriveCapsEachFormulaAndTheWholeOutput()
    {
        // Each level doubles the text of the second derivatives (the graph only grows by a few nodes).
        string text = "x*y";
        for (int i = 0; i < 24; i++) text = $"sin({text})*cos(x - y)";
        var outcome = CliHarness.Run("derive", "-f", text);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("∂²f/∂x² = (longer than 10,000 characters: not printed)", outcome.Out);

        // 820 second derivatives of a few thousand characters each: the first megabyte is printed, the rest counted.
        string product = string.Join("*", Enumerable.Range(1, 40).Select(i => $"x{i}"));
        outcome = CliHarness.Run("derive", "-f", $"sin(sin(sin(sin({product}))))");
        Assert.Equal(0, outcome.ExitCode);
        Assert.InRange(outcome.Out.Length, Downhill.Cli.DeriveCommand.MaxOutputLength, Downhill.Cli.DeriveCommand.MaxOutputLength + 20_000);
        Assert.Matches(@"\(\d+ more derivatives are not printed: derive prints at most 1,000,000 characters\)", outcome.Out);
    }

    [Theory]
    [InlineData("2*x^1e308 + y*x^1e308")]
    [InlineData("(x^1e308)^2 + x^-1e308")]
    [InlineData("log(0)*x + asin(2)*y + 1/0*x + 1e308*1e308*y")]
    public void FoldingNeverMakesAnInfiniteOrNaNConstant(string text)
    {
        var expression = Expression.Parse(text);
        var printed = new List<string> { expression.Simplified };
        printed.AddRange(expression.GradientText);
        printed.AddRange(expression.HessianText.Cast<string>());
        foreach (string formula in printed)
        {
            Assert.DoesNotContain("Infinity", formula);
            Assert.DoesNotContain("NaN", formula);
            Expression.Parse(formula, expression.Variables);
        }
    }

    [Fact]
    public void AWholePowerAgreesToTheBitWhateverItsExponentIsWrittenAs()
    {
        var xToY = Expression.Parse("x^y").Compile();
        var powXY = Expression.Parse("pow(x, y)").Compile();
        var interpreted = Expression.Parse("x^y");
        var random = new Random(16);
        for (int k = -6; k <= 12; k++)
        {
            var literal = Expression.Parse($"x^{(k < 0 ? $"({k})" : k)}", ["x"]).Compile();
            for (int trial = 0; trial < 2000; trial++)
            {
                double x = trial switch
                {
                    0 => 0,
                    1 => -0.0,
                    2 => double.Epsilon,
                    < 200 => random.Next(-50, 51) / 7.0,
                    _ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-40, 41)),
                };
                double expected = literal.Value([x]);
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(xToY.Value([x, k])));
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(powXY.Value([x, k])));
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(interpreted.Evaluate([x, k])));
            }
        }
    }

    [Fact]
    public void ControlCharactersInAnOptionAreEscapedInTheMessage()
    {
        var outcome = CliHarness.Run("eval", "-f", "x + y", "--at", "1\u001b[31m,2");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("'1\\u001B[31m' (entry 1) is not a finite number", outcome.Error);
        Assert.DoesNotContain('\u001b', outcome.Error);
    }
}

namespace Downhill.Tests.Cli;

public class DeriveCommandTests
{
    [Fact]
    public void PrintsTheRosenbrockDerivativesAsAHumanWouldWriteThem()
    {
        var outcome = CliHarness.Run("derive", "-f", "(1-x)^2+100*(y-x^2)^2");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(
            """
            f(x, y) = (1-x)^2+100*(y-x^2)^2

            ∂f/∂x = -2*(1 - x) - 400*x*(y - x^2)
            ∂f/∂y = 200*(y - x^2)

            ∂²f/∂x² = 2 - 400*(y - 3*x^2)
            ∂²f/∂x∂y = -400*x
            ∂²f/∂y² = 200
            """, outcome.Out.TrimEnd().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void ShowsTheSimplifiedFormWhenItDiffers()
    {
        var outcome = CliHarness.Run("derive", "-f", "x*y + x - y*x + 0*z");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("simplified: x", outcome.Out);
        Assert.Contains("∂f/∂x = 1", outcome.Out);
        Assert.Contains("∂f/∂z = 0", outcome.Out);
    }

    [Fact]
    public void DocumentsNonSmoothDerivativesAsFormulas()
    {
        var outcome = CliHarness.Run("derive", "-f", "abs(x) + relu(y)");
        Assert.Contains("∂f/∂x = sign(x)", outcome.Out);
        Assert.Contains("∂f/∂y = step(y)", outcome.Out);
        Assert.Contains("∂²f/∂x² = 0", outcome.Out);
        Assert.Contains("step(u) = 1 for u > 0, else 0", outcome.Out);
        Assert.DoesNotContain("step(u)", CliHarness.Run("derive", "-f", "x^2").Out);
    }
}

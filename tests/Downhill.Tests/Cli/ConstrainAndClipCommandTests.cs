using System.Text.Json;

namespace Downhill.Tests.Cli;

/// <summary>--constrain keeps first-order runs inside the box; --clip-grad-norm / --clip-grad-value clip before each step and report how often.</summary>
public class ConstrainAndClipCommandTests
{
    [Fact]
    public void ConstrainedAdamEndsOnTheBoxWithItsActiveBoundAndClippedSteps()
    {
        var outcome = CliHarness.Run("minimize", "-f", "rosenbrock", "-o", "adam:lr=0.05", "--bounds=-2:0.5,-1:2", "--constrain",
            "--clip-grad-norm", "10", "--x0=-1.2,1", "--max-iter", "500");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains("box [-2, 0.5] × [-1, 2]  (--constrain: every run kept inside)", outcome.Out);
        Assert.Contains("gradient clipped before each step to ‖∇f‖₂ ≤ 10", outcome.Out);
        Assert.Matches(@"│ x\s+│ \(0\.5, 0\.25\)", outcome.Out);
        Assert.Matches(@"│ active bounds │ x = 0\.5 \(upper\)", outcome.Out);
        Assert.Matches(@"│ clipped steps │ \d+/\d+ \(\d+%\)", outcome.Out);
        Assert.Matches(@"│ stop\s+│ grad-tol: ‖proj ∇f‖ = ", outcome.Out);
        Assert.Matches(@"note: \d+ step\(s\) left the box and were projected back onto it", outcome.Out);
    }

    [Fact]
    public void TheJsonCountsTheClippedStepsAndKeepsEveryIterateInTheBox()
    {
        var outcome = CliHarness.Run("minimize", "-f", "rosenbrock", "-o", "sgd:lr=0.001", "--bounds=-1.5:1,-0.5:0.7", "--constrain",
            "--clip-grad-value", "5", "--x0=-1.2,1", "--max-iter", "40", "--json", "--trace-every", "1");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        var json = JsonDocument.Parse(outcome.Out).RootElement;
        long clipped = json.GetProperty("clippedSteps").GetInt64();
        Assert.InRange(clipped, 1, 40);
        foreach (var entry in json.GetProperty("trace").EnumerateArray())
        {
            var x = entry.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.InRange(x[0], -1.5, 1);
            Assert.InRange(x[1], -0.5, 0.7);
        }
        Assert.Equal(0.7, json.GetProperty("trace")[1].GetProperty("x")[1].GetDouble());
    }

    [Fact]
    public void CompareShowsAClippedColumn()
    {
        var outcome = CliHarness.Run("compare", "-f", "rosenbrock", "-o", "adam", "-o", "sgd:lr=0.001", "--clip-grad-value", "1", "--max-iter", "50");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Matches(@"│\s+clipped │", outcome.Out);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(outcome.Out, @"50/50 \(100%\) │").Count);
    }

    [Theory]
    [InlineData("--clip-grad-norm 0", "downhill: --clip-grad-norm must be a positive number, not '0'")]
    [InlineData("--clip-grad-value nan", "downhill: --clip-grad-value must be a number, not 'nan'")]
    [InlineData("--clip-grad-value -inf", "downhill: --clip-grad-value must be a positive number, not '-inf'")]
    [InlineData("--clip-grad-norm 1:norm_type=0", "downhill: --clip-grad-norm norm_type must be a positive number or inf, not '0'")]
    [InlineData("--clip-grad-norm 1 --clip-grad-value 1", "downhill: give --clip-grad-norm or --clip-grad-value, not both")]
    [InlineData("-o newton --clip-grad-norm 1", "downhill: --clip-grad-norm applies to first-order optimizers stepping at their learning rate, not newton:damping=1,line_search=none")]
    [InlineData("-o newton --constrain --bounds=0:1,0:1", "downhill: newton cannot keep to bounds: lbfgsb is the quasi-Newton method for a box, and the first-order optimizers project their steps onto it")]
    public void BadClippingOrConstraintIsOneLineAndExitTwo(string arguments, string message)
    {
        string[] args = ["minimize", "-f", "rosenbrock", .. (arguments.StartsWith("-o", StringComparison.Ordinal) ? [] : new[] { "-o", "adam" }), .. arguments.Split(' '), "--max-iter", "5"];
        var outcome = CliHarness.Run(args);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(message, outcome.Error.Trim());
    }

    [Fact]
    public void ConstrainWithoutABoxNamesWhatIsMissing()
    {
        var outcome = CliHarness.Run("minimize", "-f", "x^2+y^2", "-o", "adam", "--constrain", "--max-iter", "5");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("downhill: --constrain needs a box: give --bounds (the function x^2+y^2 suggests none)", outcome.Error.Trim());
    }
}

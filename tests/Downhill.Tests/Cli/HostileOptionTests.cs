using System.Text.Json;

namespace Downhill.Tests.Cli;

/// <summary>
/// Counts and sizes past their documented limits, and NaN, infinite, zero and negative values, on every command that
/// takes them: each is exit 2 with one line naming the option and the limit, before anything of that size is
/// allocated or run; values inside the limits run.
/// </summary>
public class HostileOptionTests
{
    private static void Refused(string expected, params string[] args)
    {
        var outcome = CliHarness.Run(args);
        Assert.True(outcome.ExitCode == 2, $"{string.Join(" ", args)}: exit {outcome.ExitCode}, {outcome.Error}");
        // One line, or three where the bad value is text: the line, the text, a caret under the bad spot.
        string[] lines = outcome.Error.TrimEnd().Split('\n');
        Assert.Contains(expected, lines[0]);
        Assert.True(lines.Length == 1 || (lines.Length == 3 && lines[2].TrimEnd().EndsWith('^')), outcome.Error);
    }

    [Theory]
    [InlineData("--starts must be from 1 to 1,000,000, not 1,000,001", "restarts", "-f", "himmelblau", "--starts", "1000001")]
    [InlineData("--starts must be from 1 to 1,000,000, not 0", "critical", "-f", "himmelblau", "--starts", "0")]
    [InlineData("--starts must be from 1 to 1,000,000, not 2,000,000", "critical", "-f", "himmelblau", "--starts", "2000000")]
    [InlineData("--grid must be from 2 to 500, not 501", "basins", "-f", "himmelblau", "-o", "gd:lr=0.01", "--grid", "501")]
    [InlineData("--trials × --rounds must be at most 1,000,000, not 1,000,000,000", "tune", "-f", "rosenbrock", "--x0=-1.2,1", "-o", "momentum", "--range", "lr=1e-5..1e-2:log", "--trials", "1000000000", "--rounds", "1")]
    [InlineData("--trials × --rounds must be at most 1,000,000, not 30,000,000,000", "tune", "-f", "rosenbrock", "--x0=-1.2,1", "-o", "momentum", "--range", "lr=1e-5..1e-2:log", "--rounds", "1000000000")]
    [InlineData("newton holds a dense n×n matrix, so it takes at most 1,000 variables, not 10,000", "minimize", "-f", "rosenbrock", "--dim", "10000", "-o", "newton")]
    [InlineData("bfgs holds a dense n×n matrix, so it takes at most 1,000 variables, not 1,001", "minimize", "-f", "rosenbrock", "--dim", "1001", "-o", "bfgs")]
    [InlineData("the critical-point search holds a dense n×n matrix, so it takes at most 200 variables, not 201", "critical", "-f", "rosenbrock", "--dim", "201")]
    [InlineData("lbfgs:history_size must be in [1, 1000], not 1000000000", "minimize", "-f", "rosenbrock", "-o", "lbfgs:history_size=1000000000")]
    [InlineData("drew a coordinate that is not finite", "minimize", "-f", "rosenbrock", "--dim", "100", "--init", "gaussian:std=1e308")]
    [InlineData("--functions must be from 1 to 1,000 per dimension, not 1,000,000,000", "experiment", "saddles", "--functions", "1000000000")]
    [InlineData("--terms must be from 1 to 10,000, not 1,000,000,000", "experiment", "saddles", "--terms", "1000000000")]
    [InlineData("--starts must be from 1 to 1,000,000, not 1,000,000,000", "experiment", "saddles", "--starts", "1000000000")]
    [InlineData("--starts must be from 1 to 1,000,000, not 1,000,000,000", "experiment", "restarts", "--starts", "1000000000", "--restarts", "1")]
    public void CountsPastTheirLimitsAreRefusedBeforeRunning(string expected, params string[] args) => Refused(expected, args);

    [Theory]
    [InlineData("time-limit must be a positive number of seconds, not NaN", "--time-limit", "nan")]
    [InlineData("time-limit must be a positive number of seconds, not -1", "--time-limit", "-1")]
    [InlineData("--val must be in [0, 1), not NaN", "--val", "nan")]
    [InlineData("--val must be in [0, 1), not 1", "--val", "1")]
    [InlineData("target must be a number, not NaN", "--target", "nan")]
    [InlineData("--min-delta must be 0 or a positive number, not NaN", "--min-delta", "nan")]
    [InlineData("--min-delta must be 0 or a positive number, not -1", "--min-delta", "-1")]
    [InlineData("hidden width 100,000,000 is more than the 1,000,000 a layer may have", "-m", "mlp:100000000")]
    [InlineData("the model would have 10,000,900,003 parameters, more than the 67,108,864 one may have", "-m", "mlp:100000,100000")]
    public void TrainRefusesNaNAndSizesPastItsLimits(string expected, params string[] args) =>
        Refused(expected, ["train", "-d", "iris", "--epochs", "1", .. args.Contains("-m") ? args : ["-m", "softmax", .. args]]);

    [Fact]
    public void AHugeTimeLimitMeansNoLimit()
    {
        var outcome = CliHarness.Run("train", "-d", "iris", "-m", "softmax", "--epochs", "1", "--time-limit", "1e300", "--json");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Single(JsonDocument.Parse(outcome.Out).RootElement.GetProperty("epochs").EnumerateArray());
    }

    [Fact]
    public void UniformStartsWithinTheWidestBoundsAreFinite()
    {
        var outcome = CliHarness.Run("minimize", "-f", "x^2 + y^2", "--bounds=-1e308:1e308", "--init", "uniform", "--max-iter", "0", "--json");
        Assert.Equal(0, outcome.ExitCode);
        var x = JsonDocument.Parse(outcome.Out).RootElement.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.All(x, v => Assert.True(double.IsFinite(v) && Math.Abs(v) <= 1e308, $"{v}"));
    }

    [Fact]
    public void EvalOfAWideFunctionPrintsNoHessian()
    {
        string at = string.Join(",", Enumerable.Repeat("1", 101));
        var outcome = CliHarness.Run("eval", "-f", "rosenbrock", "--dim", "101", "--at", at);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("hessian   = (101×101: computed and printed for up to 100 variables)", outcome.Out);
        var json = CliHarness.Run("eval", "-f", "rosenbrock", "--dim", "101", "--at", at, "--json");
        var root = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("hessian").ValueKind);
        Assert.Equal(101, root.GetProperty("gradient").GetArrayLength());
    }
}

using System.Text.Json;

namespace Downhill.Tests.Cli;

/// <summary>lbfgsb from the command: it keeps to --bounds, reports the projected gradient and the active bounds, and refuses a bad box.</summary>
public class BoundsCommandTests
{
    [Fact]
    public void LbfgsbKeepsToTheBoundsAndNamesTheActiveOnes()
    {
        var outcome = CliHarness.Run("minimize", "-f", "himmelblau", "-o", "lbfgsb", "--bounds=-1:2.5,-1:3", "--x0", "0,0");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Matches(@"│ x\s+│ \(2\.5, 2\.2486\)", outcome.Out);
        Assert.Matches(@"│ active bounds │ x = 2\.5 \(upper\)", outcome.Out);
        Assert.Matches(@"│ stop\s+│ grad-tol: ‖proj ∇f‖ = [0-9.e+-]+ ≤ 1e-08", outcome.Out);
        Assert.Contains("│ ‖proj ∇f‖", outcome.Out);
    }

    [Fact]
    public void OneSidedBoundsAndAStartOutsideAreInTheJson()
    {
        var outcome = CliHarness.Run("minimize", "-f", "rosenbrock", "-o", "lbfgsb", "--bounds=0:inf,-inf:0.5", "--x0=-1,2", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        var json = JsonDocument.Parse(outcome.Out).RootElement;
        Assert.Equal([0.0, 0.5], json.GetProperty("trace")[0].GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(0.5, json.GetProperty("x")[1].GetDouble());
        Assert.Equal("-Infinity", json.GetProperty("bounds").GetProperty("lower")[1].GetString());
        var active = json.GetProperty("activeBounds").EnumerateArray().Single();
        Assert.Equal((1, "upper", 0.5), (active.GetProperty("index").GetInt32(), active.GetProperty("side").GetString(), active.GetProperty("limit").GetDouble()));
        Assert.Equal("grad-tol", json.GetProperty("stop").GetString());
    }

    [Theory]
    [InlineData("--bounds=2:1,0:1", "downhill: --bounds: entry 1 has low 2 not below high 1")]
    [InlineData("--bounds=0:1,0:1,0:1", "downhill: --bounds: 3 ranges given for a function of 2 variables")]
    [InlineData("--bounds=0:1,nan:1", "downhill: --bounds entry 2 low must be a number, not 'nan'")]
    public void ABadBoxIsOneLineAndExitTwo(string bounds, string message)
    {
        var outcome = CliHarness.Run("minimize", "-f", "rosenbrock", "-o", "lbfgsb", bounds, "--x0", "0.5,0.5");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(message, outcome.Error.Trim());
    }
}

using System.Text.Json;

namespace Downhill.Tests.Cli;

public class CompareCommandTests
{
    [Fact]
    public void JsonIsAnArrayOfRunsFromTheSameStart()
    {
        var outcome = CliHarness.Run("compare", "-f", "rosenbrock", "--x0=-1.2,1", "-o", "bfgs", "-o", "lbfgs:history_size=5",
            "-o", "newton", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        var runs = JsonDocument.Parse(outcome.Out).RootElement.EnumerateArray().ToArray();
        Assert.Equal(["bfgs", "lbfgs", "newton"], runs.Select(r => r.GetProperty("optimizer").GetString()));
        Assert.All(runs, r => Assert.Equal([-1.2, 1.0], r.GetProperty("trace")[0].GetProperty("x").EnumerateArray().Select(v => v.GetDouble())));
        Assert.All(runs, r => Assert.Equal("grad-tol", r.GetProperty("stop").GetString()));
        Assert.Equal(5, runs[1].GetProperty("hyperparameters").GetProperty("history_size").GetInt32());
    }

    [Fact]
    public void WithoutOptimizersItRacesTheDefaultSet()
    {
        var outcome = CliHarness.Run("compare", "-f", "rosenbrock", "--x0=-1.2,1", "--max-iter", "200");
        Assert.Equal(0, outcome.ExitCode);
        foreach (var name in new[] { "gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "bfgs", "lbfgs", "newton" })
            Assert.Matches($"│ {name} +│", outcome.Out);
        Assert.Contains("‖x − x*‖", outcome.Out);
        Assert.Contains("evaluations f/∇f/∇²f", outcome.Out);
        Assert.Contains("lr=0.001, momentum=0.9, dampening=0", outcome.Out);
    }

    [Fact]
    public void TraceFileHoldsEveryRun()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("downhill-trace").FullName, "race.csv");
        var outcome = CliHarness.Run("compare", "-f", "x^2", "--x0=1", "-o", "gd:lr=0.25", "-o", "newton", "--trace", path);
        Assert.Equal(0, outcome.ExitCode);
        var rows = File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')[0]).Distinct();
        Assert.Equal(["gd", "newton"], rows);
    }

    [Fact]
    public void AnUnknownOptimizerAmongSeveralIsBadInputBeforeAnyRun()
    {
        var outcome = CliHarness.Run("compare", "-f", "rosenbrock", "-o", "adam", "-o", "nesterv");
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("downhill: unknown optimizer 'nesterv'; valid: nesterov, ", outcome.Error);
        Assert.Equal("", outcome.Out);
    }
}

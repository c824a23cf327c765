using System.Text.Json;

namespace Downhill.Tests.Cli;

/// <summary>minimize and compare report what held a run back (issue 4 §6).</summary>
public class DiagnosticsOutputTests
{
    [Fact]
    public void MinimizeJsonCarriesTheDiagnostics()
    {
        var run = CliHarness.Run("minimize", "-f", "tanh", "--x0", "4", "-o", "gd:lr=0.1", "--max-iter", "500", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        var d = Assert.Single(JsonDocument.Parse(run.Out).RootElement.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal("vanishing-gradient", d.GetProperty("kind").GetString());
        Assert.Equal(500, d.GetProperty("iteration").GetInt64());
        Assert.StartsWith("‖∇f‖ = 0.00155 at the end", d.GetProperty("evidence").GetString());
    }

    [Fact]
    public void ACleanRunHasAnEmptyList()
    {
        var run = CliHarness.Run("minimize", "-f", "himmelblau", "--x0", "1,1", "-o", "bfgs", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(0, JsonDocument.Parse(run.Out).RootElement.GetProperty("diagnostics").GetArrayLength());
    }

    [Fact]
    public void MinimizeTableNamesTheLargestStableLearningRate()
    {
        var run = CliHarness.Run("minimize", "-f", "valley:kappa=50", "--x0", "1,1", "-o", "gd:lr=0.05");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("diagnosis: diverging", run.Out);
        Assert.Contains("stable only for lr < 2/λmax = 0.04 (lr 0.05 is above it; try lr ≤ 0.02)", run.Out.ReplaceLineEndings(" ").Replace("  ", " "));
    }

    [Fact]
    public void ComparePrintsEachMethodsDiagnoses()
    {
        var run = CliHarness.Run("compare", "-f", "valley:kappa=50", "--x0", "1,1", "-o", "gd:lr=0.039", "-o", "newton", "--max-iter", "200");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("diagnosis (gd): zigzag (iteration 0)", run.Out);
        Assert.DoesNotContain("diagnosis (newton)", run.Out);
    }
}

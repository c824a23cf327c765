using System.Text.Json;
using Downhill.Optimizers;

namespace Downhill.Tests.Cli;

public class OptimizersCommandTests
{
    [Fact]
    public void ListsEveryMethodWithEachKeyDefaultRangeAndMeaning()
    {
        var run = CliHarness.Run("optimizers");
        Assert.Equal(0, run.ExitCode);
        foreach (var method in Methods.Declarations)
        {
            Assert.Contains($"{method.Name}: {method.Summary}", run.Out);
            foreach (var h in method.Hyperparameters) Assert.Contains(h.Meaning, run.Out);
        }
        Assert.Contains("  beta1=0.9                    β₁: decay rate of the first moment m; in [0, 1)", run.Out);
        Assert.Contains("  lr=0.001                     learning rate γ: the step's scale; a finite number ≥ 0, log scale", run.Out);
    }

    [Fact]
    public void JsonIsTheDeclarationsOfTheMethodNamed()
    {
        var run = CliHarness.Run("optimizers", "newton", "--json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var newton = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("newton", newton.GetProperty("name").GetString());
        var damping = newton.GetProperty("hyperparameters")[0];
        Assert.Equal("damping", damping.GetProperty("name").GetString());
        Assert.Equal(1.0, damping.GetProperty("default").GetDouble());
        Assert.Equal(0.0, damping.GetProperty("min").GetDouble());
        Assert.True(damping.GetProperty("minExclusive").GetBoolean());
        Assert.Equal(1.0, damping.GetProperty("max").GetDouble());
        Assert.Equal("linear", damping.GetProperty("scale").GetString());
    }

    [Fact]
    public void AnUnknownNameIsBadInputWithTheNearestFirst()
    {
        var run = CliHarness.Run("optimizers", "adan");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("downhill: unknown optimizer 'adan'; valid: adam, ", run.Error);
    }
}

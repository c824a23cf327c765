using Downhill.Functions;

namespace Downhill.Tests.Cli;

public class FunctionsCommandTests
{
    [Fact]
    public void ListsEveryCatalogEntryWithItsFormulaBoundsAndMinimum()
    {
        var outcome = CliHarness.Run("functions");
        Assert.Equal(0, outcome.ExitCode);
        foreach (var entry in Catalog.Entries) Assert.Contains(entry.Name, outcome.Out);
        var himmelblau = outcome.Out.Split('\n').Single(l => l.TrimStart().StartsWith("himmelblau", StringComparison.Ordinal));
        Assert.Contains("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", himmelblau);
        Assert.Contains("[-5, 5]²", himmelblau);
        Assert.Contains("0 at (-3.7793, -3.2832) and 3 more", himmelblau);
        var rosenbrock = outcome.Out.Split('\n').Single(l => l.TrimStart().StartsWith("rosenbrock", StringComparison.Ordinal));
        Assert.Contains("any ≥ 2", rosenbrock);
        Assert.Contains("valley:kappa=10", outcome.Out);
    }
}

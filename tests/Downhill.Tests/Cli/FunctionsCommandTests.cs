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

public class FunctionsJsonTests
{
    [Fact]
    public void JsonListsEveryEntryWithItsBoundsParametersAndKnownPoints()
    {
        var outcome = CliHarness.Run("functions", "--json");
        Assert.Equal(0, outcome.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(outcome.Out);
        var functions = json.RootElement.GetProperty("functions").EnumerateArray().ToList();
        Assert.Equal(Catalog.Entries.Select(e => e.Name), functions.Select(f => f.GetProperty("name").GetString()));
        var himmelblau = functions.Single(f => f.GetProperty("name").GetString() == "himmelblau");
        Assert.Equal(2, himmelblau.GetProperty("dimension").GetInt32());
        Assert.Equal("[[-5,5],[-5,5]]", himmelblau.GetProperty("bounds").GetRawText());
        var kinds = himmelblau.GetProperty("knownPoints").EnumerateArray().Select(p => p.GetProperty("kind").GetString()).ToList();
        Assert.Equal(4, kinds.Count(k => k == "global-minimum"));
        Assert.Equal(4, kinds.Count(k => k == "saddle"));
        Assert.Equal(1, kinds.Count(k => k == "maximum"));
        var valley = functions.Single(f => f.GetProperty("name").GetString() == "valley");
        var kappa = valley.GetProperty("parameters")[0];
        Assert.Equal("kappa", kappa.GetProperty("name").GetString());
        Assert.Equal(10, kappa.GetProperty("default").GetDouble());
        var rosenbrock = functions.Single(f => f.GetProperty("name").GetString() == "rosenbrock");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rosenbrock.GetProperty("dimension").ValueKind);
        Assert.Equal(2, rosenbrock.GetProperty("minimumDimension").GetInt32());
    }
}

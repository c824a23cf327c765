using Downhill.Specs;
using Downhill.Optimizers;

namespace Downhill.Tests.Optimizers;

/// <summary>The README's table of first-order optimizers is the registry's declarations, written out.</summary>
public class ReadmeOptimizerTableTests
{
    [Fact]
    public void TheReadmeTableListsEveryFirstOrderOptimizerWithItsDeclaredDefaults()
    {
        string expected = Table();
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        Assert.True(readme.Contains(expected, StringComparison.Ordinal), $"README.md should hold this table:\n{expected}");
    }

    /// <summary>One row per optimizer, shorthands with the same defaults in brackets after the name they share them with.</summary>
    private static string Table()
    {
        var rows = FirstOrderOptimizers.Declarations
            .GroupBy(d => string.Join(", ", d.Hyperparameters.Select(h => $"`{new Hyperparameter(h.Name, h.Default)}`")))
            .Select(g =>
            {
                string names = $"`{g.First().Name}`" + (g.Count() > 1 ? $" ({string.Join(", ", g.Skip(1).Select(d => $"`{d.Name}`"))})" : "");
                return $"| {names} | {g.First().Summary} | {g.Key} |";
            });
        return string.Join("\n", ["| spec | what it is | keys, defaults first |", "| --- | --- | --- |", .. rows]) + "\n";
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "Downhill.slnx"))) dir = dir.Parent;
        return dir.FullName;
    }
}

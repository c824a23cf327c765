using System.Text.Json;
using Downhill.Functions;
using Downhill.IO;
using Downhill.Plotting;
using Downhill.Tests.Cli;

namespace Downhill.Tests.Plotting;

/// <summary><c>plot --json</c>: the values a figure would draw (the playground's grid), checked against the function itself.</summary>
public sealed class PlotJsonTests
{
    [Fact]
    public void TwoVariablesGiveTheGridTheLevelsAndTheBandColoursOfTheFigure()
    {
        var outcome = CliHarness.Run("plot", "-f", "himmelblau", "--resolution", "31", "--bounds=-4:4,-3:5", "--json");
        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Out);
        var root = json.RootElement;
        double[] xs = Reals(root.GetProperty("xs")), ys = Reals(root.GetProperty("ys"));
        Assert.Equal(31, xs.Length);
        Assert.Equal((-4.0, 4.0, -3.0, 5.0), (xs[0], xs[^1], ys[0], ys[^1]));
        var f = FunctionResolver.Resolve("himmelblau").Objective;
        var values = root.GetProperty("values");
        foreach (var (i, j) in new[] { (0, 0), (7, 19), (30, 30), (15, 3) })
            Assert.Equal(f.Value([xs[i], ys[j]]), values[j][i].GetDouble());
        var grid = ScalarGrid.Sample(f, (-4, 4), (-3, 5), 31, 31);
        var levels = ContourLevels.Choose(grid);
        Assert.Equal(levels.Values, Reals(root.GetProperty("levels")));
        Assert.Equal(levels.Logarithmic, root.GetProperty("logarithmic").GetBoolean());
        Assert.Equal(Enumerable.Range(0, levels.BandCount).Select(b => levels.BandColor(b).Hex),
            root.GetProperty("bandColors").EnumerateArray().Select(c => c.GetString()));
        // Only the known points inside the box: 8 of himmelblau's 9, the minimum at (−3.78, −3.28) lies below y = −3.
        Assert.Equal(8, root.GetProperty("knownPoints").GetArrayLength());
    }

    [Fact]
    public void OneVariableGivesTheCurveAndItsDerivative()
    {
        var outcome = CliHarness.Run("plot", "-f", "x*cos(pi*x)", "--bounds=-1:2", "--resolution", "7", "--json");
        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Out);
        double[] xs = Reals(json.RootElement.GetProperty("xs"));
        double[] values = Reals(json.RootElement.GetProperty("values")), slopes = Reals(json.RootElement.GetProperty("derivatives"));
        Assert.Equal([-1, -0.5, 0, 0.5, 1, 1.5, 2], xs);
        for (int k = 0; k < xs.Length; k++)
        {
            Assert.Equal(xs[k] * Math.Cos(Math.PI * xs[k]), values[k], 1e-14);
            Assert.Equal(Math.Cos(Math.PI * xs[k]) - Math.PI * xs[k] * Math.Sin(Math.PI * xs[k]), slopes[k], 1e-13);
        }
    }

    [Fact]
    public void UndefinedValuesAreNaN()
    {
        var outcome = CliHarness.Run("plot", "-f", "log(x)", "--bounds=-1:1", "--resolution", "3", "--json");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("\"values\":[\"NaN\",\"NaN\",0]", outcome.Out);
    }

    [Theory]
    [InlineData(new[] { "plot", "-f", "himmelblau" }, "FILE: give the figure file (.svg, .png or .html), or --json")]
    [InlineData(new[] { "plot", "-f", "himmelblau", "a.svg", "--json" }, "give FILE or --json, not both")]
    [InlineData(new[] { "plot", "-f", "rosenbrock", "--dim", "3", "--json" }, "a figure of the function itself needs 1 or 2 variables; this one has 3")]
    public void FileOrJsonButNotBoth(string[] args, string message)
    {
        var outcome = CliHarness.Run(args);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"downhill: {message}", outcome.Error.TrimEnd());
    }

    private static double[] Reals(JsonElement array) => array.EnumerateArray().Select(JsonNumbers.ReadNumber).ToArray();
}

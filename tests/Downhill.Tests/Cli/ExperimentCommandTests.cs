using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Downhill.Tests.Cli;

public class ExperimentCommandTests
{
    [Fact]
    public void SaddlesJsonHasOneRowPerDimension()
    {
        var run = CliHarness.Run("experiment", "saddles", "--dims", "1,3", "--starts", "80", "--functions", "1", "--seed", "2", "--json");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([1, 3], rows.Select(r => r.GetProperty("dimension").GetInt32()));
        Assert.Equal(0, rows[0].GetProperty("saddleShare").GetDouble());
        foreach (var row in rows)
        {
            Assert.True(row.GetProperty("criticalPoints").GetInt32() > 0);
            double sum = row.GetProperty("minimumShare").GetDouble() + row.GetProperty("saddleShare").GetDouble()
                         + row.GetProperty("maximumShare").GetDouble() + row.GetProperty("degenerateShare").GetDouble();
            Assert.Equal(1.0, sum, 12);
        }
    }

    [Fact]
    public void SaddlesTableStatesItsConclusion()
    {
        var run = CliHarness.Run("experiment", "saddles", "--dims", "1,4", "--starts", "150", "--functions", "2", "--seed", "1");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("│ dimension │ critical points │ minima │ saddles │ maxima │", run.Out);
        Assert.Contains("From 1 to 4 dimensions the share of minima went from", run.Out);
        Assert.Contains("minima grow rare and saddles take over as the dimension rises", run.Out);
    }

    [Theory]
    [InlineData("--dims", "0,2", "downhill: --dims: 0 is not a whole number from 1 to 20")]
    [InlineData("--dims", "2.5", "downhill: --dims: 2.5 is not a whole number from 1 to 20")]
    [InlineData("--terms", "0", "downhill: --terms must be at least 1, not 0")]
    [InlineData("--functions", "0", "downhill: --functions must be from 1 to 1,000 per dimension, not 0")]
    public void SaddlesBadInputExits2WithOneLine(string option, string value, string message)
    {
        var run = CliHarness.Run("experiment", "saddles", option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(message, run.Error.Trim());
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void RestartsOnRastriginReportsMeasuredAndPredictedChances()
    {
        var run = CliHarness.Run("experiment", "restarts", "--starts", "300", "--restarts", "1,10,100", "--max-iter", "2000", "--seed", "4", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        var root = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(300, root.GetProperty("starts").GetInt32());
        Assert.True(root.GetProperty("constrained").GetBoolean());
        Assert.Equal(0, root.GetProperty("globalF").GetDouble());
        double p = root.GetProperty("successRate").GetDouble();
        Assert.Equal(root.GetProperty("successes").GetInt32() / 300.0, p, 12);
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([300, 30, 3], rows.Select(r => r.GetProperty("groups").GetInt32()));
        Assert.All(rows, r => Assert.Equal(1 - Math.Pow(1 - p, r.GetProperty("restarts").GetInt32()), r.GetProperty("predicted").GetDouble(), 12));
        Assert.Equal(p, rows[0].GetProperty("measured").GetDouble(), 12);
    }

    [Fact]
    public void RestartsOnATypedFunctionWithTwoMinima()
    {
        // (x² − 1)² has minima at ±1, both f = 0: every start reaches a global minimum.
        var run = CliHarness.Run("experiment", "restarts", "-f", "(x^2-1)^2", "--bounds=-2:2", "-o", "gd:lr=0.01", "--starts", "40", "--restarts", "1,4");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("40 starts uniform in the box, kept to it; 40 reached the global minimum f = ", run.Out);
        Assert.Contains("(the lowest found)", run.Out);
        Assert.Contains("One start reaches the global minimum with p = 100.0%", run.Out);
    }

    [Fact]
    public void RestartsKeepToTheBoxUnlessFreeAndARunThatLeftItNeverSucceeds()
    {
        // (x² − 1)² + x on [0, 2]: its lowest point inside is x = 0.8376 (f = 0.926658); runs from [0, 0.27) go left,
        // into the lower well at x = −1.107 outside the box when free, onto the face x = 0 (f = 1) when kept.
        string[] args = ["experiment", "restarts", "-f", "(x^2-1)^2 + x", "--bounds=0:2", "-o", "gd:lr=0.05", "--starts", "40", "--restarts", "1,4"];
        var kept = CliHarness.Run(args);
        var free = CliHarness.Run([.. args, "--free"]);
        Assert.True(kept.ExitCode == 0, kept.Error);
        Assert.True(free.ExitCode == 0, free.Error);
        var keptLine = Regex.Match(kept.Out, @"40 starts uniform in the box, kept to it; (\d+) reached the global minimum f = 0\.926658 \(the lowest found\)");
        var freeLine = Regex.Match(free.Out, @"40 starts uniform in the box, free to leave it; (\d+) reached the global minimum f = 0\.926658 \(the lowest found\)");
        Assert.True(keptLine.Success, kept.Out);
        Assert.True(freeLine.Success, free.Out);
        Assert.Equal(keptLine.Groups[1].Value, freeLine.Groups[1].Value);
        Assert.InRange(int.Parse(keptLine.Groups[1].Value, CultureInfo.InvariantCulture), 20, 39);
    }

    [Theory]
    [InlineData("downhill: --restarts: 0 is not a positive whole number", "--restarts", "0,5")]
    [InlineData("downhill: restart counts must be from 1 to the number of starts (10)", "--starts", "10", "--restarts", "20")]
    [InlineData("downhill: --restarts: 'x' (entry 1) is not a finite number", "--restarts", "x")]
    public void RestartsBadInputExits2(string message, params string[] args)
    {
        var run = CliHarness.Run(["experiment", "restarts", .. args]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(message, run.Error.Trim());
    }
}

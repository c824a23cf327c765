using System.Text.Json;

namespace Downhill.Tests.Cli;

public class ExperimentCommandTests
{
    [Fact]
    public void Saddles_json_has_one_row_per_dimension()
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
    public void Saddles_table_states_its_conclusion()
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
    [InlineData("--functions", "0", "downhill: at least one function per dimension is needed")]
    public void Saddles_bad_input_exits_2_with_one_line(string option, string value, string message)
    {
        var run = CliHarness.Run("experiment", "saddles", option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(message, run.Error.Trim());
        Assert.Equal("", run.Out);
    }
}

using System.Text.Json;

namespace Downhill.Tests.Cli;

public class CriticalCommandTests
{
    private static List<JsonElement> Points(params string[] args)
    {
        var run = CliHarness.Run(["critical", .. args, "--json"]);
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonDocument.Parse(run.Out).RootElement.GetProperty("points").EnumerateArray().ToList();
    }

    private static Dictionary<string, int> Kinds(List<JsonElement> points) =>
        points.GroupBy(p => p.GetProperty("kind").GetString()!).ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public void HimmelblauInItsBox()
    {
        var points = Points("-f", "himmelblau");
        Assert.Equal(new Dictionary<string, int> { ["minimum"] = 4, ["saddle"] = 4, ["maximum"] = 1 }, Kinds(points));
        var max = points.Single(p => p.GetProperty("kind").GetString() == "maximum");
        Assert.Equal(2, max.GetProperty("index").GetInt32());
        Assert.Equal(181.616522, max.GetProperty("f").GetDouble(), 5);
        Assert.Equal(2, max.GetProperty("eigenvalues").GetArrayLength());
    }

    [Fact]
    public void PeaksHasThreeOfEach()
    {
        Assert.Equal(new Dictionary<string, int> { ["minimum"] = 3, ["saddle"] = 3, ["maximum"] = 3 }, Kinds(Points("-f", "peaks")));
    }

    [Fact]
    public void TypedSaddleAndCubic()
    {
        var saddle = Assert.Single(Points("-f", "x^2 - y^2", "--bounds=-1:1"));
        Assert.Equal("saddle", saddle.GetProperty("kind").GetString());
        Assert.Equal(1, saddle.GetProperty("index").GetInt32());
        var cubic = Assert.Single(Points("-f", "x^3", "--bounds=-2:2", "--starts", "50"));
        Assert.Equal("degenerate", cubic.GetProperty("kind").GetString());
        var monkey = Assert.Single(Points("-f", "monkey-saddle", "--starts", "100"));
        Assert.Equal("degenerate", monkey.GetProperty("kind").GetString());
    }

    [Fact]
    public void StyblinskiTangInThreeDimensionsHas27CriticalPoints()
    {
        // Separable: each coordinate has two minima and a maximum, so 2³ minima, 1 maximum and 18 saddles (12 of index 1, 6 of index 2).
        var points = Points("-f", "styblinski-tang", "--dim", "3", "--starts", "3000");
        Assert.Equal(new Dictionary<string, int> { ["minimum"] = 8, ["saddle"] = 18, ["maximum"] = 1 }, Kinds(points));
        Assert.Equal(12, points.Count(p => p.GetProperty("kind").GetString() == "saddle" && p.GetProperty("index").GetInt32() == 1));
        Assert.Equal(-3 * 39.16616570377142, points[0].GetProperty("f").GetDouble(), 9);
    }

    [Fact]
    public void TableNamesTheLowestMinimumAndTheBand()
    {
        var run = CliHarness.Run("critical", "-f", "himmelblau");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("himmelblau: 9 critical points in [-5, 5] × [-5, 5]", run.Out);
        Assert.Contains("minimum (lowest)", run.Out);
        Assert.Contains("minima 4, maxima 1, saddles 4, degenerate 0; an eigenvalue counts as zero within ±1e-06·max(1, max|λ|).", run.Out);
    }

    [Theory]
    [InlineData("downhill: 'x^2 + y^2' has no suggested box; give --bounds low:high (one pair for all variables, or one per variable)", "-f", "x^2 + y^2")]
    [InlineData("downhill: --bounds: 3 ranges given for a function of 2 variables", "-f", "himmelblau", "--bounds=-1:1,-1:1,-1:1")]
    [InlineData("downhill: --bounds: entry 1 has low 1 not below high -1", "-f", "himmelblau", "--bounds=1:-1")]
    [InlineData("downhill: --starts must be from 1 to 1,000,000, not -3", "-f", "himmelblau", "--starts", "-3")]
    public void BadInputExits2WithOneLine(string message, params string[] args)
    {
        var run = CliHarness.Run(["critical", .. args]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(message, run.Error.Trim());
    }
}

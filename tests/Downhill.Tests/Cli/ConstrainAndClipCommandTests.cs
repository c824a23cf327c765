using System.Text.Json;

namespace Downhill.Tests.Cli;

/// <summary>--constrain keeps first-order runs inside the box; --clip-grad-norm / --clip-grad-value clip before each step and report how often.</summary>
public class ConstrainAndClipCommandTests
{
    [Fact]
    public void ConstrainedAdamEndsOnTheBoxWithItsActiveBoundAndClippedSteps()
    {
        var outcome = CliHarness.Run("minimize", "-f", "rosenbrock", "-o", "adam:lr=0.05", "--bounds=-2:0.5,-1:2", "--constrain",
            "--clip-grad-norm", "10", "--x0=-1.2,1", "--max-iter", "500");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains("box [-2, 0.5] × [-1, 2]  (--constrain: every run kept inside)", outcome.Out);
        Assert.Contains("gradient clipped before each step to ‖∇f‖₂ ≤ 10", outcome.Out);
        Assert.Matches(@"│ x\s+│ \(0\.5, 0\.25\)", outcome.Out);
        Assert.Matches(@"│ active bounds │ x = 0\.5 \(upper\)", outcome.Out);
        Assert.Matches(@"│ clipped steps │ \d+/\d+ \(\d+%\)", outcome.Out);
        Assert.Matches(@"│ stop\s+│ grad-tol: ‖proj ∇f‖ = ", outcome.Out);
        Assert.Matches(@"note: \d+ step\(s\) left the box and were projected back onto it", outcome.Out);
    }

    [Fact]
    public void TheJsonCountsTheClippedStepsAndKeepsEveryIterateInTheBox()
    {
        var outcome = CliHarness.Run("minimize", "-f", "rosenbrock", "-o", "sgd:lr=0.001", "--bounds=-1.5:1,-0.5:0.7", "--constrain",
            "--clip-grad-value", "5", "--x0=-1.2,1", "--max-iter", "40", "--json", "--trace-every", "1");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        var json = JsonDocument.Parse(outcome.Out).RootElement;
        long clipped = json.GetProperty("clippedSteps").GetInt64();
        Assert.InRange(clipped, 1, 40);
        foreach (var entry in json.GetProperty("trace").EnumerateArray())
        {
            var x = entry.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.InRange(x[0], -1.5, 1);
            Assert.InRange(x[1], -0.5, 0.7);
        }
        Assert.Equal(0.7, json.GetProperty("trace")[1].GetProperty("x")[1].GetDouble());
    }

    [Fact]
    public void CompareShowsAClippedColumn()
    {
        var outcome = CliHarness.Run("compare", "-f", "rosenbrock", "-o", "adam", "-o", "sgd:lr=0.001", "--clip-grad-value", "1", "--max-iter", "50");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Matches(@"│\s+clipped │", outcome.Out);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(outcome.Out, @"50/50 \(100%\) │").Count);
    }

    [Fact]
    public void TuneStatesTheBoxAndTheClippingOfItsTrials()
    {
        string[] tune = ["tune", "-f", "rosenbrock", "--x0=-1.2,1", "-o", "sgd", "--range", "lr=1e-3..1e-1:log", "--trials", "4", "--rounds", "1",
            "--budget-iter", "50", "--bounds=-2:0.5,-1:2"];
        var kept = CliHarness.Run([.. tune, "--constrain", "--clip-grad-value", "5"]);
        Assert.True(kept.ExitCode == 0, kept.Error);
        var lines = kept.Out.Split('\n');
        Assert.StartsWith("rosenbrock, sgd: 4 trials in 1 rounds", lines[0]);
        Assert.Equal("box [-2, 0.5] × [-1, 2]  (--constrain: every run kept inside)", lines[1]);
        Assert.Equal("gradient clipped before each step to |∂f/∂xᵢ| ≤ 5", lines[2]);
        var plain = CliHarness.Run(tune[..^1]);
        Assert.True(plain.ExitCode == 0, plain.Error);
        Assert.DoesNotContain("box [", plain.Out);
        Assert.DoesNotContain("gradient clipped", plain.Out);
    }

    [Fact]
    public void SweepStatesTheBoxAndTheClippingAndKeepsEveryRunInside()
    {
        string[] sweep = ["sweep", "-f", "rosenbrock", "--x0=-1.2,1", "--lr", "1e-3..1e-1", "--bounds=-2:0.5,-1:2", "--max-iter", "300"];
        var kept = CliHarness.Run([.. sweep, "--constrain", "--clip-grad-norm", "10"]);
        Assert.True(kept.ExitCode == 0, kept.Error);
        Assert.Contains("box [-2, 0.5] × [-1, 2]  (--constrain: every run kept inside)", kept.Out);
        Assert.Contains("gradient clipped before each step to ‖∇f‖₂ ≤ 10", kept.Out);
        Assert.Matches(@"│\s+0\.1 │ [0-9.]+ │\s+300 │ max-iter │", kept.Out);
        // Free, the same learning rate blows up.
        var free = JsonDocument.Parse(CliHarness.Run([.. sweep, "--json"]).Out).RootElement;
        Assert.Equal("diverged", free.GetProperty("runs")[2].GetProperty("stop").GetString());
        Assert.False(free.GetProperty("box").GetProperty("constrain").GetBoolean());
        Assert.False(free.TryGetProperty("clipping", out _));
    }

    [Fact]
    public void TheJsonOfManyRunsStatesTheirBoxAndClipping()
    {
        static JsonElement Json(params string[] arguments)
        {
            var outcome = CliHarness.Run([.. arguments, "--json"]);
            Assert.True(outcome.ExitCode == 0, outcome.Error);
            return JsonDocument.Parse(outcome.Out).RootElement;
        }
        var sweep = Json("sweep", "-f", "rosenbrock", "--x0=-1.2,1", "--lr", "1e-3..1e-2", "--bounds=-2:0.5,-1:2", "--constrain",
            "--clip-grad-norm", "10:norm_type=inf", "--max-iter", "20");
        var box = sweep.GetProperty("box");
        Assert.Equal([-2.0, -1.0], box.GetProperty("lower").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([0.5, 2.0], box.GetProperty("upper").EnumerateArray().Select(e => e.GetDouble()));
        Assert.True(box.GetProperty("constrain").GetBoolean());
        var norm = sweep.GetProperty("clipping");
        Assert.Equal("norm", norm.GetProperty("kind").GetString());
        Assert.Equal(10, norm.GetProperty("maxNorm").GetDouble());
        Assert.Equal("Infinity", norm.GetProperty("normType").GetString());
        var tune = Json("tune", "-f", "rosenbrock", "--x0=-1.2,1", "-o", "sgd", "--range", "lr=1e-3..1e-2:log", "--trials", "2", "--rounds", "1",
            "--budget-iter", "20", "--bounds=-2:0.5,-1:2", "--clip-grad-value", "5");
        Assert.False(tune.GetProperty("box").GetProperty("constrain").GetBoolean());
        Assert.Equal("value", tune.GetProperty("clipping").GetProperty("kind").GetString());
        Assert.Equal(5, tune.GetProperty("clipping").GetProperty("clipValue").GetDouble());
        foreach (string[] many in new[] { new[] { "restarts", "--starts", "3" }, ["basins", "--grid", "5"] })
        {
            var json = Json([.. many, "-f", "rosenbrock", "-o", "sgd:lr=0.001", "--clip-grad-value", "5", "--max-iter", "20"]);
            Assert.Equal(5, json.GetProperty("clipping").GetProperty("clipValue").GetDouble());
            Assert.True(json.GetProperty("constrained").GetBoolean());
        }
    }

    [Fact]
    public void TheContourMapDrawsTheBoxTheRunsKeptTo()
    {
        string folder = Path.Combine(Path.GetTempPath(), "downhill-box-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string kept = Path.Combine(folder, "kept.svg"), free = Path.Combine(folder, "free.svg");
            string[] run = ["compare", "-f", "rosenbrock", "-o", "adam:lr=0.05", "-o", "lbfgsb", "--bounds=-2:0.5,-1:2", "--x0=-1.2,1", "--max-iter", "300"];
            Assert.Equal(0, CliHarness.Run([.. run, "--constrain", "--plot", kept]).ExitCode);
            var texts = System.Xml.Linq.XDocument.Load(kept).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
            Assert.Contains("box [-2, 0.5] × [-1, 2]", texts);
            // adam alone without a box: no outline.
            Assert.Equal(0, CliHarness.Run([.. run[..5], "--x0=-1.2,1", "--max-iter", "300", "--plot", free]).ExitCode);
            Assert.DoesNotContain(System.Xml.Linq.XDocument.Load(free).Descendants(), e => e.Name.LocalName == "text" && e.Value.StartsWith("box [", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("--clip-grad-norm 0", "downhill: --clip-grad-norm must be a positive number, not '0'")]
    [InlineData("--clip-grad-value nan", "downhill: --clip-grad-value must be a number, not 'nan'")]
    [InlineData("--clip-grad-value -inf", "downhill: --clip-grad-value must be a positive number, not '-inf'")]
    [InlineData("--clip-grad-norm 1:norm_type=0", "downhill: --clip-grad-norm norm_type must be a positive number or inf, not '0'")]
    [InlineData("--clip-grad-norm 1 --clip-grad-value 1", "downhill: give --clip-grad-norm or --clip-grad-value, not both")]
    [InlineData("-o newton --clip-grad-norm 1", "downhill: --clip-grad-norm applies to first-order optimizers stepping at their learning rate, not newton:damping=1,line_search=none")]
    [InlineData("-o newton --constrain --bounds=0:1,0:1", "downhill: newton cannot keep to bounds: lbfgsb is the quasi-Newton method for a box, and the first-order optimizers project their steps onto it")]
    public void BadClippingOrConstraintIsOneLineAndExitTwo(string arguments, string message)
    {
        string[] args = ["minimize", "-f", "rosenbrock", .. (arguments.StartsWith("-o", StringComparison.Ordinal) ? [] : new[] { "-o", "adam" }), .. arguments.Split(' '), "--max-iter", "5"];
        var outcome = CliHarness.Run(args);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(message, outcome.Error.Trim());
    }

    [Fact]
    public void ConstrainWithoutABoxNamesWhatIsMissing()
    {
        var outcome = CliHarness.Run("minimize", "-f", "x^2+y^2", "-o", "adam", "--constrain", "--max-iter", "5");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("downhill: --constrain needs a box: give --bounds (the function x^2+y^2 suggests none)", outcome.Error.Trim());
    }
}

/// <summary>restarts, basins and critical keep inside the box by default; --free lets the runs go and names what became of them.</summary>
public class BoxLandscapeCommandTests
{
    private const string Runaway = "x*exp(-y) + y^2/100";

    [Fact]
    public void RestartsKeepToTheBoxAndFindItsMinimumOnTheBoundary()
    {
        var outcome = CliHarness.Run("restarts", "-f", Runaway, "--bounds=0.5:5,0.5:5", "--init", "uniform", "-o", "adam:lr=0.1", "--starts", "10");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains("10 starts (uniform, seed 0): 1 distinct minimum", outcome.Out);
        Assert.Contains("each run kept to the box [0.5, 5] × [0.5, 5]", outcome.Out);
        Assert.Matches(@"│ 1 │ \(0\.5, 2\.3601\d*\) │ 0\.10290\d* │\s+10 │\s+100\.0% │ x = 0\.5 \(lower\) │", outcome.Out);
        Assert.Contains("best: f = 0.10290", outcome.Out);
    }

    [Fact]
    public void FreeRestartsReportTheRunawaysAsUnboundedBelowNotAsMinima()
    {
        var outcome = CliHarness.Run("restarts", "-f", Runaway, "--bounds=0.5:5,0.5:5", "--init", "uniform", "-o", "adam:lr=0.1", "--starts", "10", "--free", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        var json = JsonDocument.Parse(outcome.Out).RootElement;
        Assert.False(json.GetProperty("constrained").GetBoolean());
        Assert.Equal(0, json.GetProperty("minima").GetArrayLength());
        Assert.Equal(10, json.GetProperty("unbounded").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("best").ValueKind);

        var table = CliHarness.Run("restarts", "-f", "(x-3)^2 + (y-3)^2", "--bounds=0:1", "--init", "uniform", "-o", "newton", "--starts", "4");
        Assert.Contains("runs free of the box [0, 1] × [0, 1] (newton cannot keep to one; lbfgsb and the first-order optimizers can)", table.Out);
        Assert.Contains("best: none (no run ended at a point of the box)", table.Out);
        Assert.Contains("failed: 0 diverged, 0 stopped without converging, 4 left the box", table.Out);
    }

    [Fact]
    public void BasinsMarkRunsThatLeftTheBox()
    {
        var outcome = CliHarness.Run("basins", "-f", "(x-3)^2 + (y-3)^2", "--bounds=0:1", "-o", "gd:lr=0.1", "--grid", "3", "--free");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains("failed: 9 (! diverged, . not converged, ^ left the box, _ unbounded below)", outcome.Out);
        Assert.EndsWith("^^^\n^^^\n^^^\n", outcome.Out.ReplaceLineEndings("\n"));
        var kept = CliHarness.Run("basins", "-f", "(x-3)^2 + (y-3)^2", "--bounds=0:1", "-o", "gd:lr=0.1", "--grid", "3", "--json");
        var json = JsonDocument.Parse(kept.Out).RootElement;
        Assert.True(json.GetProperty("constrained").GetBoolean());
        Assert.Equal([1.0, 1.0], json.GetProperty("minima")[0].GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Theory]
    [InlineData("restarts", "--init uniform", "downhill: --init uniform needs finite bounds, but variable 1 has 0:inf")]
    [InlineData("basins", "--grid 3", "downhill: box side 1 [0, inf] must be finite with low below high")]
    public void AOneSidedBoxIsKeptToButCannotBeSampledOrGridded(string command, string extra, string message)
    {
        var outcome = CliHarness.Run([command, "-f", "rosenbrock", "-o", "adam", "--bounds=0:inf,-inf:0.5", .. extra.Split(' ')]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(message, outcome.Error.Trim());
        var kept = CliHarness.Run("restarts", "-f", "rosenbrock", "-o", "adam:lr=0.05", "--bounds=0:inf,-inf:0.5", "--starts", "3", "--max-iter", "3000");
        Assert.Matches(@"│ \(0\.70856\d*, 0\.5\) │ 0\.08536\d* │.*│ y = 0\.5 \(upper\) │", kept.Out);
    }

    [Fact]
    public void CriticalListsTheMinimaOnTheBoundarySeparately()
    {
        var outcome = CliHarness.Run("critical", "-f", Runaway, "--bounds=0.5:5,0.5:5", "--starts", "50");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains("0 critical points in [0.5, 5] × [0.5, 5]", outcome.Out);
        Assert.Contains("minima of f over the box on its boundary (KKT points", outcome.Out);
        Assert.Matches(@"│ \(0\.5, 2\.36015\) │ 0\.102906 │ x = 0\.5 \(lower\) │", outcome.Out);
        Assert.Contains("lowest point of the box: f = 0.102906 on its boundary at (0.5, 2.36015)", outcome.Out);
        var json = JsonDocument.Parse(CliHarness.Run("critical", "-f", Runaway, "--bounds=0.5:5,0.5:5", "--starts", "50", "--json").Out).RootElement;
        var boxMinimum = json.GetProperty("boxMinima").EnumerateArray().Single();
        Assert.Equal("lower", boxMinimum.GetProperty("activeBounds")[0].GetProperty("side").GetString());
        Assert.True(boxMinimum.GetProperty("projectedGradientNorm").GetDouble() <= 1e-9);
    }
}

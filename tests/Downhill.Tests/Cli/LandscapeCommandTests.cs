using System.Text.Json;

namespace Downhill.Tests.Cli;

public class LandscapeCommandTests
{
    private static JsonElement Json(params string[] args)
    {
        var run = CliHarness.Run([.. args, "--json"]);
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonDocument.Parse(run.Out).RootElement;
    }

    [Fact]
    public void RestartsJsonHasTheIssueSchemaAndHimmelblausFourMinima()
    {
        var root = Json("restarts", "-f", "himmelblau", "-o", "gd:lr=0.01", "--init", "uniform", "--starts", "40", "--seed", "3");
        Assert.Equal(40, root.GetProperty("starts").GetInt32());
        var minima = root.GetProperty("minima").EnumerateArray().ToList();
        Assert.Equal(4, minima.Count);
        Assert.Equal(40, minima.Sum(m => m.GetProperty("count").GetInt32()));
        Assert.All(minima, m => Assert.Equal(0, m.GetProperty("f").GetDouble(), 12));
        Assert.Equal(0, root.GetProperty("failed").GetInt32());
        Assert.Equal(2, root.GetProperty("best").GetProperty("x").GetArrayLength());
    }

    [Fact]
    public void RestartsReportIsTheSameOnOneAndTwoThreads()
    {
        string[] args = ["restarts", "-f", "rastrigin", "-o", "adam:lr=0.05", "--init", "uniform", "--starts", "60", "--seed", "9", "--max-iter", "500", "--json"];
        var one = CliHarness.Run([.. args, "--threads", "1"]);
        var two = CliHarness.Run([.. args, "--threads", "2"]);
        Assert.Equal(0, one.ExitCode);
        Assert.Equal(one.Out, two.Out);
        Assert.True(JsonDocument.Parse(one.Out).RootElement.GetProperty("minima").GetArrayLength() > 5);
    }

    [Fact]
    public void RestartsCountDivergedRunsAsFailed()
    {
        var root = Json("restarts", "-f", "valley:kappa=50", "-o", "gd:lr=0.05", "--starts", "5", "--free");
        Assert.Equal(5, root.GetProperty("failed").GetInt32());
        Assert.Equal(5, root.GetProperty("diverged").GetInt32());
        Assert.Equal(0, root.GetProperty("minima").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("best").ValueKind);
    }

    [Fact]
    public void RestartsTable()
    {
        var run = CliHarness.Run("restarts", "-f", "himmelblau", "-o", "gd:lr=0.01", "--init", "uniform", "--starts", "20");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("20 starts (uniform, seed 0): 4 distinct minima", run.Out);
        Assert.Contains("│ # │ (x, y)", run.Out);
        Assert.Contains("failed: 0 diverged, 0 stopped without converging", run.Out);
    }

    [Fact]
    public void BasinsJsonLabelsEveryStartOfTheGrid()
    {
        var root = Json("basins", "-f", "himmelblau", "-o", "gd:lr=0.01", "--grid", "12");
        var labels = root.GetProperty("labels").EnumerateArray().Select(r => r.EnumerateArray().Select(l => l.GetInt32()).ToArray()).ToArray();
        Assert.Equal(12, labels.Length);
        Assert.All(labels, row => Assert.Equal(12, row.Length));
        var minima = root.GetProperty("minima").EnumerateArray().ToList();
        Assert.Equal(4, minima.Count);
        Assert.Equal(144, minima.Sum(m => m.GetProperty("count").GetInt32()) + root.GetProperty("failed").GetInt32());
        Assert.Equal(-5, root.GetProperty("x")[0].GetDouble());
        Assert.Equal(5, root.GetProperty("y")[11].GetDouble());
        // The corner (5, 5) runs to the minimum at (3, 2).
        var corner = minima[labels[11][11]];
        Assert.Equal(3, corner.GetProperty("x")[0].GetDouble(), 6);
    }

    [Fact]
    public void BasinsCsvHasAHeaderOfXValuesAndOneRowPerY()
    {
        var run = CliHarness.Run("basins", "-f", "x^2 + y^2", "--bounds=-1:1", "-o", "gd:lr=0.1", "--grid", "3", "--csv");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("y\\x,-1,0,1\n-1,0,0,0\n0,0,0,0\n1,0,0,0\n", run.Out);
    }

    [Fact]
    public void SweepJsonMarksTheBestAndTheLargestStableLr()
    {
        var root = Json("sweep", "-f", "valley:kappa=50", "--x0", "1,1", "--lr", "1e-4..1", "--max-iter", "300");
        var runs = root.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal([1e-4, 1e-3, 1e-2, 0.1, 1], runs.Select(r => r.GetProperty("hyperparameters").GetProperty("lr").GetDouble()));
        Assert.Equal(["max-iter", "max-iter", "max-iter", "diverged", "diverged"], runs.Select(r => r.GetProperty("stop").GetString()));
        Assert.All(runs, r => Assert.True(r.GetProperty("seconds").GetDouble() >= 0));
        Assert.Equal(0.01, root.GetProperty("best").GetProperty("hyperparameters").GetProperty("lr").GetDouble());
        Assert.Equal(0.01, root.GetProperty("largestStableLr").GetDouble());
    }

    [Fact]
    public void SweepGridOverTwoKeysAndTheTable()
    {
        var root = Json("sweep", "-f", "rosenbrock", "--x0=-1.2,1", "-o", "sgd", "--grid", "lr=1e-4..1e-2:log:3", "--grid", "momentum=0,0.9", "--max-iter", "500");
        Assert.Equal(6, root.GetProperty("runs").GetArrayLength());
        Assert.Equal(0.001, root.GetProperty("runs")[2].GetProperty("hyperparameters").GetProperty("lr").GetDouble());
        var run = CliHarness.Run("sweep", "-f", "valley:kappa=50", "--x0", "1,1", "--lr", "1e-3..1:4", "--max-iter", "100");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("← best", run.Out);
        Assert.Contains("largest stable lr: 0.01", run.Out);
    }

    [Fact]
    public void TuneJsonHasTheIssueSchema()
    {
        var root = Json("tune", "-f", "rosenbrock", "--x0=-1.2,1", "-o", "sgd", "--range", "lr=1e-5..1e-2:log", "--range", "momentum=0..0.99",
            "--trials", "8", "--rounds", "2", "--budget-iter", "300", "--seed", "1");
        Assert.Equal(16, root.GetProperty("trials").GetInt32());
        var rounds = root.GetProperty("rounds").EnumerateArray().ToList();
        Assert.Equal(2, rounds.Count);
        Assert.Equal(1e-5, rounds[0].GetProperty("ranges").GetProperty("lr")[0].GetDouble());
        Assert.Equal(0.99, rounds[0].GetProperty("ranges").GetProperty("momentum")[1].GetDouble());
        Assert.True(rounds[1].GetProperty("ranges").GetProperty("lr")[1].GetDouble() - rounds[1].GetProperty("ranges").GetProperty("lr")[0].GetDouble() < 1e-2 - 1e-5);
        var trials = rounds.SelectMany(r => r.GetProperty("trials").EnumerateArray()).ToList();
        Assert.All(trials, t => Assert.Equal(2, t.GetProperty("hyperparameters").EnumerateObject().Count()));
        double bestScore = root.GetProperty("best").GetProperty("score").GetDouble();
        Assert.Equal(trials.Min(t => t.GetProperty("score").GetDouble()), bestScore);
        Assert.Contains(trials, t => t.GetProperty("stop").GetString() == "max-iter");
    }

    [Fact]
    public void TuneKeepsFixedKeysFromTheSpec()
    {
        var run = CliHarness.Run("tune", "-f", "himmelblau", "--x0", "0,0", "-o", "sgd:nesterov=true,momentum=0.5", "--range", "lr=1e-4..1e-2:log",
            "--trials", "4", "--rounds", "1", "--budget-iter", "100");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("himmelblau, sgd:nesterov=true,momentum=0.5: 4 trials in 1 rounds", run.Out);
    }

    [Theory]
    [InlineData("downhill: --x0 does not apply here: restarts draws its starts with --init and --seed", "restarts", "-f", "himmelblau", "--x0", "1,1")]
    [InlineData("downhill: --starts must be from 1 to 1,000,000, not 0", "restarts", "-f", "himmelblau", "--starts", "0")]
    [InlineData("downhill: basins maps functions of 2 variables; 'rosenbrock' has 3", "basins", "-f", "rosenbrock", "--dim", "3")]
    [InlineData("downhill: --grid must be from 2 to 500, not 1", "basins", "-f", "himmelblau", "--grid", "1")]
    [InlineData("downhill: nothing to sweep: give --lr or --grid key=values", "sweep", "-f", "himmelblau")]
    [InlineData("downhill: 'lr' is swept twice", "sweep", "-f", "himmelblau", "--lr", "1e-3..1", "--grid", "lr=0.1,0.2")]
    [InlineData("downhill: 'lr' is fixed in -o sgd:lr=0.1 and also searched; drop one of them", "sweep", "-f", "himmelblau", "-o", "sgd:lr=0.1", "--lr", "1e-3..1")]
    [InlineData("downhill: --range lr is given twice", "tune", "-f", "himmelblau", "--range", "lr=1e-3..1:log", "--range", "lr=0..1")]
    [InlineData("downhill: --trials must be at least 1, not 0", "tune", "-f", "himmelblau", "--range", "lr=1e-3..1:log", "--trials", "0")]
    [InlineData("downhill: --rounds must be at least 1, not 0", "tune", "-f", "himmelblau", "--range", "lr=1e-3..1:log", "--rounds", "0")]
    [InlineData("downhill: --storage: the folder '/nonexistent-downhill' does not exist", "tune", "-f", "himmelblau", "--range", "lr=1e-3..1:log", "--storage", "/nonexistent-downhill/study.db")]
    [InlineData("downhill: --keep must be in (0, 1], not 2", "tune", "-f", "himmelblau", "--range", "lr=1e-3..1:log", "--keep", "2")]
    [InlineData("downhill: --budget-iter must be at least 1, not 0", "tune", "-f", "himmelblau", "--range", "lr=1e-3..1:log", "--budget-iter", "0")]
    public void BadInputExits2WithOneLine(string message, params string[] args)
    {
        var run = CliHarness.Run(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(message, run.Error.Trim());
    }

    [Fact]
    public void BadSweepValuesGetACaret()
    {
        var run = CliHarness.Run("sweep", "-f", "himmelblau", "--grid", "momentum=0,x");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("downhill: momentum must be a number, not 'x'\n  momentum=0,x\n             ^", run.Error.Trim().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void BadTuneRangeGetsACaret()
    {
        var run = CliHarness.Run("tune", "-f", "himmelblau", "--range", "lr=0..1:log");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("downhill: range lr: a log range needs a positive low end, not 0\n  lr=0..1:log\n     ^", run.Error.Trim().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void TypedFunctionsWorkInEveryCommand()
    {
        // (x² − 1)² + y²: minima at (±1, 0).
        var restarts = Json("restarts", "-f", "(x^2-1)^2 + y^2", "-o", "gd:lr=0.05", "--init", "uniform", "--bounds=-2:2", "--starts", "30");
        Assert.Equal([-1.0, 1.0], restarts.GetProperty("minima").EnumerateArray().Select(m => Math.Round(m.GetProperty("x")[0].GetDouble(), 6)).Order());
        var sweep = Json("sweep", "-f", "(x^2-1)^2 + y^2", "--x0", "2,1", "--lr", "1e-3..1", "--max-iter", "200");
        Assert.Equal(4, sweep.GetProperty("runs").GetArrayLength());
        var tune = Json("tune", "-f", "(x^2-1)^2 + y^2", "--x0", "2,1", "--range", "lr=1e-3..0.1:log", "--trials", "5", "--rounds", "2", "--budget-iter", "100");
        Assert.True(tune.GetProperty("best").GetProperty("score").GetDouble() < 1e-3);
    }
}

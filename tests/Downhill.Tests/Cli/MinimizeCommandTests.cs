using System.Text.Json;
using Downhill.IO;

namespace Downhill.Tests.Cli;

public class MinimizeCommandTests
{
    private static JsonElement Json(CliHarness.Outcome outcome)
    {
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        return JsonDocument.Parse(outcome.Out).RootElement;
    }

    [Fact]
    public void JsonHasExactlyTheDocumentedShape()
    {
        var json = Json(CliHarness.Run("minimize", "-f", "rosenbrock", "--x0=-1.2,1", "-o", "adam:lr=0.05", "--max-iter", "3", "--json"));
        Assert.Equal(["function", "optimizer", "hyperparameters", "x", "f", "gradNorm", "bestX", "bestF", "iterations",
            "evaluations", "stop", "stopDetail", "checks", "elapsedSeconds", "diagnostics", "trace"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("rosenbrock", json.GetProperty("function").GetString());
        Assert.Equal("adam", json.GetProperty("optimizer").GetString());
        Assert.Equal(0.05, json.GetProperty("hyperparameters").GetProperty("lr").GetDouble());
        Assert.Equal(0.9, json.GetProperty("hyperparameters").GetProperty("beta1").GetDouble());
        Assert.False(json.GetProperty("hyperparameters").GetProperty("amsgrad").GetBoolean());
        Assert.Equal(3, json.GetProperty("iterations").GetInt64());
        Assert.Equal("max-iter", json.GetProperty("stop").GetString());
        Assert.Equal(["f", "gradient", "hessian"], json.GetProperty("evaluations").EnumerateObject().Select(p => p.Name));
        Assert.Equal(4, json.GetProperty("evaluations").GetProperty("f").GetInt64());
        var trace = json.GetProperty("trace").EnumerateArray().ToArray();
        Assert.Equal([0L, 1, 2, 3], trace.Select(t => t.GetProperty("iter").GetInt64()));
        Assert.Equal(["iter", "x", "f", "gradNorm"], trace[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal([-1.2, 1.0], trace[0].GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(24.2, trace[0].GetProperty("f").GetDouble(), 1e-12);
        Assert.Equal(json.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()),
            trace[^1].GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void HumanOutputShowsHyperparametersResultAndEachRuleBesideItsThreshold()
    {
        var outcome = CliHarness.Run("minimize", "-f", "rosenbrock", "--x0=-1.2,1", "-o", "bfgs");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("line_search", outcome.Out);
        Assert.Contains("more_thuente", outcome.Out);
        Assert.Contains("grad-tol: ‖∇f‖ = ", outcome.Out);
        Assert.Matches(@"│ grad-tol\s+│\s+[0-9.e+-]+\s+│\s+1e-08 │ yes │", outcome.Out);
        Assert.Matches(@"│ max-iter\s+│\s+34 │\s+10000 │ no\s+│", outcome.Out);
        Assert.Contains("‖x − x*‖", outcome.Out);
        Assert.Contains("f 41, ∇f 41, ∇²f 0", outcome.Out);
    }

    [Fact]
    public void TheSameSeedGivesTheSameRandomStart()
    {
        string Start(params string[] extra) =>
            Json(CliHarness.Run(["minimize", "-f", "booth", "--max-iter", "0", "--json", .. extra]))
                .GetProperty("trace")[0].GetProperty("x").GetRawText();
        Assert.Equal(Start("--seed", "7"), Start("--seed", "7"));
        Assert.NotEqual(Start("--seed", "7"), Start("--seed", "8"));
        var uniform = Json(CliHarness.Run("minimize", "-f", "booth", "--max-iter", "0", "--json", "--init", "uniform",
            "--bounds=3:4,-5:-4")).GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.InRange(uniform[0], 3, 4);
        Assert.InRange(uniform[1], -5, -4);
    }

    [Fact]
    public void GradTolZeroTurnsTheRuleOff()
    {
        var json = Json(CliHarness.Run("minimize", "-f", "x^2", "--x0=1", "-o", "gd:lr=0.25", "--grad-tol", "0", "--max-iter", "5", "--json"));
        Assert.Equal("max-iter", json.GetProperty("stop").GetString());
        Assert.Equal(5, json.GetProperty("iterations").GetInt64());
    }

    [Fact]
    public void TenThousandVariablesAreDiagnosedWithoutADenseHessian()
    {
        // The diagnoses once formed the 10,000 × 10,000 Hessian at the end and took it apart: hours, 800 MB a matrix.
        var json = Json(CliHarness.Run("minimize", "-f", "rosenbrock", "--dim", "10000", "-o", "lbfgs", "--max-iter", "3", "--json"));
        Assert.Equal(3, json.GetProperty("iterations").GetInt64());
        Assert.Equal(10_000, json.GetProperty("x").GetArrayLength());
    }

    [Fact]
    public void XTolOffLetsAStuckRunGoOnToMaxIter()
    {
        // gd at lr 0.5 on x² lands on 0 exactly at the first step and stays: a zero step, which x-tol 0 ends.
        var stuck = Json(CliHarness.Run("minimize", "-f", "x^2", "--x0=1", "-o", "gd:lr=0.5", "--grad-tol", "0", "--max-iter", "7", "--json"));
        Assert.Equal("x-tol", stuck.GetProperty("stop").GetString());
        Assert.Equal(2, stuck.GetProperty("iterations").GetInt64());

        var off = Json(CliHarness.Run("minimize", "-f", "x^2", "--x0=1", "-o", "gd:lr=0.5", "--grad-tol", "0", "--max-iter", "7", "--x-tol", "off", "--json"));
        Assert.Equal("max-iter", off.GetProperty("stop").GetString());
        Assert.Equal(7, off.GetProperty("iterations").GetInt64());
        Assert.DoesNotContain(off.GetProperty("checks").EnumerateArray(), c => c.GetProperty("rule").GetString() == "x-tol");

        var bad = CliHarness.Run("minimize", "-f", "x^2", "--x-tol", "never");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--x-tol must be 0, a positive number or off, not 'never'", bad.Error);
    }

    [Theory]
    [InlineData("--f-tol", "1e-3", "f-tol")]
    [InlineData("--x-tol", "1e-3", "x-tol")]
    [InlineData("--patience", "3:0.5", "patience")]
    [InlineData("--target", "0.01", "target")]
    public void EachStoppingFlagCanEndTheRun(string flag, string value, string stop)
    {
        var json = Json(CliHarness.Run("minimize", "-f", "x^2 + y^2", "--x0=3,4", "-o", "gd:lr=0.1", flag, value, "--json"));
        Assert.Equal(stop, json.GetProperty("stop").GetString());
    }

    [Fact]
    public void TimeLimitEndsALongRun()
    {
        var json = Json(CliHarness.Run("minimize", "-f", "rosenbrock", "--x0=-1.2,1", "-o", "gd:lr=1e-6", "--max-iter", "100000000",
            "--time-limit", "0.05", "--trace-every", "1000", "--json"));
        Assert.Equal("time-limit", json.GetProperty("stop").GetString());
    }

    [Fact]
    public void DivergenceIsAResultWithExitZero()
    {
        var json = Json(CliHarness.Run("minimize", "-f", "x^2", "--x0=1", "-o", "gd:lr=5", "--json"));
        Assert.Equal("diverged", json.GetProperty("stop").GetString());
        Assert.True(JsonNumbers.ReadNumber(json.GetProperty("f")) > 1e100);
    }

    [Fact]
    public void LeavingTheDomainIsAResultWithExitZero()
    {
        var json = Json(CliHarness.Run("minimize", "-f", "log(x)", "--x0=1", "-o", "gd:lr=2", "--json"));
        Assert.Equal("diverged", json.GetProperty("stop").GetString());
        Assert.True(double.IsNaN(JsonNumbers.ReadNumber(json.GetProperty("f"))));
        Assert.Equal(0, json.GetProperty("bestF").GetDouble());
    }

    [Fact]
    public void TraceEveryAndTheCsvTraceFile()
    {
        string folder = Directory.CreateTempSubdirectory("downhill-trace").FullName;
        string path = Path.Combine(folder, "run.csv");
        var outcome = CliHarness.Run("minimize", "-f", "x^2 + y^2", "--x0=3,4", "-o", "gd:lr=0.25", "--max-iter", "7",
            "--trace-every", "3", "--trace", path);
        Assert.Equal(0, outcome.ExitCode);
        var lines = File.ReadAllLines(path);
        Assert.Equal("optimizer,iter,x,y,f,grad_norm,lr", lines[0]);
        Assert.Equal("gd,0,3,4,25,10,NaN", lines[1]);
        Assert.Equal(["0", "3", "6", "7"], lines.Skip(1).Select(l => l.Split(',')[1]));
        // x_k = 0.5^k·(3, 4): at k = 3, (0.375, 0.5).
        Assert.StartsWith("gd,3,0.375,0.5,0.390625,1.25,0.25", lines[2]);
        Assert.Single(Directory.GetFiles(folder));
    }

    [Fact]
    public void JsonTraceFile()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("downhill-trace").FullName, "run.json");
        Assert.Equal(0, CliHarness.Run("minimize", "-f", "x^2", "--x0=1", "-o", "gd:lr=0.25", "--max-iter", "2", "--trace", path).ExitCode);
        var json = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        Assert.Equal("gd", json[0].GetProperty("optimizer").GetString());
        Assert.Equal([1.0, 0.5, 0.25], json[0].GetProperty("trace").EnumerateArray().Select(t => t.GetProperty("x")[0].GetDouble()));
    }

    // Issue §5: each bad input is one line on stderr, exit 2, no stack trace, nothing written.
    [Theory]
    [InlineData("--x0: 3 values given for a function of 2 variables", "--x0=1,2,3")]
    [InlineData("--x0: 'a' (entry 2) is not a finite number", "--x0=1,a")]
    [InlineData("--bounds: entry 1 has low 2 not below high -2", "--bounds=2:-2", "--init", "uniform")]
    [InlineData("--bounds: 3 ranges given for a function of 2 variables", "--bounds=-1:1,-1:1,-1:1")]
    [InlineData("--max-iter must be 0 or more, not -5", "--max-iter=-5")]
    [InlineData("--grad-tol must be 0 (off) or a positive number, not -1", "--grad-tol=-1")]
    [InlineData("--patience must be N or N:min-delta (e.g. 20:1e-6), not 'soon'", "--patience", "soon")]
    [InlineData("--patience must be at least 1, not 0", "--patience", "0")]
    [InlineData("--time-limit must be a positive number of seconds, not -1", "--time-limit=-1")]
    [InlineData("--trace-every must be at least 1, not 0", "--trace-every", "0")]
    [InlineData("--trace: 'out.txt' must end in .csv or .json", "--trace", "out.txt")]
    [InlineData("unknown optimizer 'adma'; valid: adam, ", "-o", "adma")]
    [InlineData("unknown key 'beta' for optimizer 'adam'", "-o", "adam:beta=0.5")]
    [InlineData("momentum", "-o", "sgd:momentum=-1")]
    [InlineData("beta1", "-o", "adam:beta1=1")]
    [InlineData("unknown initializer 'cauchy'", "--init", "cauchy")]
    public void BadInputIsOneLineAndExitTwo(string message, params string[] flags)
    {
        var outcome = CliHarness.Run(["minimize", "-f", "rosenbrock", .. flags]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(message, outcome.Error);
        Assert.StartsWith("downhill: ", outcome.Error);
        Assert.DoesNotContain("   at ", outcome.Error);
        Assert.Equal("", outcome.Out);
    }

    [Fact]
    public void AnUnwritableTracePathIsBadInputAndNothingIsWritten()
    {
        string folder = Directory.CreateTempSubdirectory("downhill-trace").FullName;
        string path = Path.Combine(folder, "missing", "run.csv");
        var outcome = CliHarness.Run("minimize", "-f", "rosenbrock", "--trace", path);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("does not exist", outcome.Error);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void UniformStartWithoutAnyBoundsIsBadInput()
    {
        var outcome = CliHarness.Run("minimize", "-f", "x^2 + y^2", "--init", "uniform");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--init uniform needs bounds", outcome.Error);
    }
}

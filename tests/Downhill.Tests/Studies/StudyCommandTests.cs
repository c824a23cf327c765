using System.Text.Json;
using Downhill.Tests.Cli;

namespace Downhill.Tests.Studies;

/// <summary><c>downhill study list|show|export|plot</c> on a study file written by <c>tune</c>.</summary>
public sealed class StudyCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("downhill-studycmd-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Tuned(string study = "bowl", int seed = 1)
    {
        string path = Path.Combine(_folder, "studies.db");
        var tune = CliHarness.Run("tune", "-f", "rosenbrock", "-o", "sgd", "--range", "lr=1e-5..1e-2:log", "--range", "momentum=0,0.5,0.9",
            "--trials", "4", "--rounds", "2", "--budget-iter", "100", "--threads", "1", "--seed", $"{seed}", "--storage", path, "--study", study);
        Assert.True(tune.ExitCode == 0, tune.Error);
        return path;
    }

    [Fact]
    public void ListNamesEveryStudyWithItsCounts()
    {
        Tuned("first");
        string path = Tuned("second", seed: 2);
        var list = CliHarness.Run("study", "list", "--storage", path, "--json");
        Assert.True(list.ExitCode == 0, list.Error);
        var studies = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(["first", "second"], studies.Select(s => s.GetProperty("name").GetString()));
        Assert.All(studies, s => Assert.Equal((8, 8, true), (s.GetProperty("trials").GetInt32(), s.GetProperty("ended").GetInt32(), s.GetProperty("done").GetBoolean())));
        var table = CliHarness.Run("study", "list", "--storage", path);
        Assert.Contains("│ first  │ 8 of 8 │", table.Out);
    }

    [Fact]
    public void ShowListsTheTrialsAndTheBestAsTuneFoundIt()
    {
        string path = Tuned();
        var tune = CliHarness.Run("tune", "-f", "rosenbrock", "-o", "sgd", "--range", "lr=1e-5..1e-2:log", "--range", "momentum=0,0.5,0.9",
            "--trials", "4", "--rounds", "2", "--budget-iter", "100", "--threads", "1", "--seed", "1", "--storage", path, "--study", "bowl");
        string best = tune.Out.Split('\n').Single(l => l.StartsWith("best: ", StringComparison.Ordinal));
        var show = CliHarness.Run("study", "show", "--storage", path, "--study", "bowl");
        Assert.True(show.ExitCode == 0, show.Error);
        Assert.StartsWith("study 'bowl' (done, ", show.Out);
        Assert.Contains("8 of 8 trials ended, 0 running, 0 lost to dead workers", show.Out);
        Assert.Equal(best[..best.IndexOf(" (score", StringComparison.Ordinal)],
            show.Out.Split('\n').Single(l => l.StartsWith("best: ", StringComparison.Ordinal))[..best.IndexOf(" (score", StringComparison.Ordinal)]);
        var watch = CliHarness.Run("study", "show", "--storage", path, "--study", "bowl", "--watch", "--interval", "0.05", "--json");
        var document = JsonDocument.Parse(watch.Out).RootElement;
        Assert.True(document.GetProperty("done").GetBoolean());
        Assert.Equal(8, document.GetProperty("trials").GetArrayLength());
    }

    [Fact]
    public void ExportWritesCsvAndJson()
    {
        string path = Tuned();
        string csv = Path.Combine(_folder, "bowl.csv"), json = Path.Combine(_folder, "bowl.json");
        var toCsv = CliHarness.Run("study", "export", csv, "--storage", path, "--study", "bowl");
        Assert.Equal($"wrote {csv}: 8 evaluations of study 'bowl'\n", toCsv.Out);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("number,round,index,rung,state,lr,momentum,score,stop,epochs,worker,attempts,started,ended,seconds", lines[0]);
        Assert.Equal(9, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains(",finished,", l));
        Assert.Equal(Enumerable.Range(0, 8).Select(n => $"{n}"), lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(0, CliHarness.Run("study", "export", json, "--storage", path, "--study", "bowl").ExitCode);
        var trials = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("trials");
        Assert.Equal(lines.Skip(1).Select(l => l.Split(',')[7]),
            trials.EnumerateArray().Select(t => Downhill.IO.JsonNumbers.ReadNumber(t.GetProperty("score")).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void PlotDrawsTheStudyAndAMissingStudyIsNamed()
    {
        string path = Tuned();
        string svg = Path.Combine(_folder, "bowl.svg");
        var plot = CliHarness.Run("study", "plot", svg, "--storage", path, "--study", "bowl");
        Assert.True(plot.ExitCode == 0, plot.Error);
        Assert.Contains("<svg", File.ReadAllText(svg));
        var missing = CliHarness.Run("study", "show", "--storage", path, "--study", "nope");
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal($"downhill: '{path}' holds no study named 'nope' (it holds bowl)\n", missing.Error);
    }
}

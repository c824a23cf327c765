using System.Xml.Linq;
using Downhill.Tests.Cli;

namespace Downhill.Tests.Plotting;

/// <summary><c>--plot</c> on the commands that compute something: the figure matches what ran.</summary>
public sealed class PlotOptionCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "downhill-plot-option-" + Guid.NewGuid().ToString("N"));

    public PlotOptionCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static List<string> Texts(string path) =>
        XDocument.Load(path).Descendants().Where(e => e.Name.LocalName == "text").Select(e => string.Concat(e.Nodes().OfType<XText>().Select(t => t.Value))).ToList();

    [Fact]
    public void MinimizeDrawsItsPathOnTheContourMap()
    {
        string path = Path.Combine(_folder, "run.svg");
        var outcome = CliHarness.Run("minimize", "-f", "himmelblau", "--x0=-0.5,4.5", "-o", "adam:lr=0.3", "--plot", path);
        Assert.Equal(0, outcome.ExitCode);
        Assert.EndsWith($"wrote {path}\n", outcome.Out.ReplaceLineEndings("\n"));
        var texts = Texts(path);
        Assert.Contains("adam lr=0.3", texts);
        Assert.Contains("start", texts);
        Assert.Contains(texts, t => t.Contains("— adam lr=0.3: ", StringComparison.Ordinal)); // the subtitle describes the run
    }

    [Fact]
    public void CompareDrawsLossCurvesWithoutDisturbingJson()
    {
        string path = Path.Combine(_folder, "loss.html");
        var outcome = CliHarness.Run("compare", "-f", "rosenbrock", "--x0=-1.2,1", "-o", "gd:lr=0.001", "-o", "sgd:lr=0.01", "--max-iter", "300",
            "--json", "--plot", path, "--plot-kind", "loss");
        Assert.Equal(0, outcome.ExitCode);
        Assert.StartsWith("[", outcome.Out.TrimStart()); // stdout stays pure JSON
        Assert.DoesNotContain("wrote", outcome.Out);
        string html = File.ReadAllText(path);
        Assert.Contains("gd lr=0.001", html);
        Assert.Contains("sgd lr=0.01 (diverged)", html);
        Assert.Contains("gradient norm", html);
    }

    [Fact]
    public void CriticalMarksThePointsItFoundOrDrawsTheirEigenvalues()
    {
        string contour = Path.Combine(_folder, "critical.svg");
        Assert.Equal(0, CliHarness.Run("critical", "-f", "himmelblau", "--starts", "400", "--plot", contour).ExitCode);
        var markers = XDocument.Load(contour).Descendants().Where(e => (string?)e.Attribute("class") == "mk").ToList();
        Assert.Equal(9, markers.Count); // 4 minima, 1 maximum, 4 saddles
        string eigenvalues = Path.Combine(_folder, "eigen.svg");
        Assert.Equal(0, CliHarness.Run("critical", "-f", "himmelblau", "--starts", "400", "--plot", eigenvalues, "--plot-kind", "eigenvalues").ExitCode);
        var texts = Texts(eigenvalues);
        Assert.Contains(texts, t => t.EndsWith("(saddle)", StringComparison.Ordinal));
        Assert.Contains("λ < 0", texts);
    }

    [Fact]
    public void TheLandscapeCommandsDrawTheirReports()
    {
        string basins = Path.Combine(_folder, "basins.svg");
        Assert.Equal(0, CliHarness.Run("basins", "-f", "himmelblau", "-o", "gd:lr=0.01", "--grid", "12", "--plot", basins).ExitCode);
        var basinTexts = Texts(basins);
        Assert.Equal(4, basinTexts.Count(t => t.StartsWith("min ", StringComparison.Ordinal)));
        Assert.Contains(XDocument.Load(basins).Descendants(), e => (string?)e.Attribute("class") == "categories");

        string restarts = Path.Combine(_folder, "restarts.svg");
        Assert.Equal(0, CliHarness.Run("restarts", "-f", "himmelblau", "-o", "gd:lr=0.01", "--starts", "20", "--plot", restarts).ExitCode);
        Assert.Contains("how often each minimum was reached", Texts(restarts));

        string sweep = Path.Combine(_folder, "sweep.svg");
        Assert.Equal(0, CliHarness.Run("sweep", "-f", "rosenbrock", "--x0=-1.2,1", "-o", "sgd", "--lr", "1e-4..1", "--max-iter", "200", "--plot", sweep).ExitCode);
        var sweepTexts = Texts(sweep);
        Assert.Contains("learning rate", sweepTexts);
        Assert.Contains("diverged", sweepTexts); // lr = 1 blows up on rosenbrock

        string tune = Path.Combine(_folder, "tune.svg");
        Assert.Equal(0, CliHarness.Run("tune", "-f", "rosenbrock", "--x0=-1.2,1", "-o", "sgd", "--range", "lr=1e-5..1e-2:log",
            "--trials", "5", "--rounds", "2", "--budget-iter", "100", "--plot", tune).ExitCode);
        var tuneTexts = Texts(tune);
        Assert.Contains("best so far", tuneTexts);
        Assert.Contains("sampled range", tuneTexts);
    }

    [Theory]
    [InlineData("minimize", "--plot-kind=map", "downhill: --plot-kind: 'map' is not auto, curve, contour, surface or loss")]
    [InlineData("minimize", "--plot=out.gif", "downhill: --plot: cannot tell the figure format of 'out.gif': the extension '.gif' is not .svg, .png or .html")]
    [InlineData("critical", "--plot-kind=loss", "downhill: --plot-kind: 'loss' is not auto, contour or eigenvalues")]
    [InlineData("minimize", "--plot-kind=curve", "downhill: a curve needs a function of 1 variable; this one has 2 (use contour, surface or loss)")]
    [InlineData("compare", "--plot-kind=curve", "downhill: a curve shows one run's steps, not 9; draw loss, or a contour for 2 variables")]
    public void BadPlotOptionsFailBeforeAnyWork(string command, string bad, string message)
    {
        string[] args = bad.StartsWith("--plot=", StringComparison.Ordinal)
            ? [command, "-f", "himmelblau", bad]
            : [command, "-f", "himmelblau", bad, "--plot", Path.Combine(_folder, "x.svg")];
        var outcome = CliHarness.Run(args);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(message, outcome.Error.TrimEnd());
        Assert.Equal("", outcome.Out);
    }
}

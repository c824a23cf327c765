using System.Xml.Linq;

namespace Downhill.Tests.Cli;

/// <summary>--plot on the landscape commands writes a well-formed SVG and says so.</summary>
public class LandscapePlotTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("downhill-landscape-plot-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("basins", "-f", "himmelblau", "-o", "gd:lr=0.01", "--grid", "10")]
    [InlineData("restarts", "-f", "himmelblau", "-o", "gd:lr=0.01", "--init", "uniform", "--starts", "10")]
    [InlineData("sweep", "-f", "valley:kappa=50", "--x0", "1,1", "--lr", "1e-3..1", "--grid", "momentum=0,0.5", "--max-iter", "50")]
    [InlineData("tune", "-f", "rosenbrock", "--x0=-1.2,1", "--range", "lr=1e-5..1e-2:log", "--trials", "4", "--rounds", "2", "--budget-iter", "50")]
    public void PlotWritesAnSvg(params string[] args)
    {
        string path = Path.Combine(_folder, $"{args[0]}.svg");
        var run = CliHarness.Run([.. args, "--plot", path]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"wrote {path}", run.Out);
        var svg = XDocument.Load(path).Root!;
        Assert.Equal("svg", svg.Name.LocalName);
        Assert.True(svg.Descendants().Count() > 20);
    }
}

using System.CommandLine;
using System.Xml.Linq;
using Downhill.Cli;
using Downhill.Tests.Cli;

namespace Downhill.Tests.Plotting;

public sealed class PlotCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "downhill-plot-" + Guid.NewGuid().ToString("N"));

    public PlotCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ATwoVariableFunctionIsAContourMapWithItsKnownPointsByDefault()
    {
        string path = Path.Combine(_folder, "himmelblau.svg");
        var outcome = CliHarness.Run("plot", "-f", "himmelblau", "--resolution", "41", path);
        Assert.Equal((0, ""), (outcome.ExitCode, outcome.Error));
        Assert.Equal($"wrote {path}\n", outcome.Out.ReplaceLineEndings("\n"));
        var svg = XDocument.Load(path);
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        Assert.Contains("himmelblau", texts);
        Assert.Contains("minimum", texts); // the legend row for the four known minima
        Assert.Contains(svg.Descendants(), e => (string?)e.Attribute("class") == "bands");
        // Every known critical point is marked, outlined in black.
        int known = Downhill.Functions.FunctionResolver.Resolve("himmelblau", null, null).KnownPoints.Count;
        Assert.True(known >= 4);
        Assert.Equal(known, svg.Descendants().Count(e => (string?)e.Attribute("class") == "mk" && (string?)e.Parent!.Attribute("stroke") == "#000000"));
    }

    [Fact]
    public void OneVariableGivesACurveAndSurfacesCanBeWireframesAsPng()
    {
        string curve = Path.Combine(_folder, "parabola.html");
        Assert.Equal(0, CliHarness.Run("plot", "-f", "parabola", curve).ExitCode);
        string html = File.ReadAllText(curve);
        Assert.Contains("parabola and its derivative", html);
        Assert.DoesNotContain("https://", html);

        string png = Path.Combine(_folder, "saddle.png");
        var outcome = CliHarness.Run("plot", "-f", "saddle", "--kind", "surface", "--style", "wireframe", "--view=-30,40",
            "--plot-size", "400x300", "--plot-scale", "1", png);
        Assert.Equal((0, ""), (outcome.ExitCode, outcome.Error));
        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal(400, (bytes[18] << 8) | bytes[19]);
        Assert.Equal(300, (bytes[22] << 8) | bytes[23]);
    }

    [Theory]
    [InlineData("figure.jpg", "downhill: FILE: cannot tell the figure format of 'figure.jpg': the extension '.jpg' is not .svg, .png or .html")]
    [InlineData("--kind=curve", "downhill: a curve needs a function of 1 variable; rosenbrock has 2 (use --kind contour or surface)")]
    [InlineData("--kind=map", "downhill: --kind: 'map' is not curve, contour or surface")]
    [InlineData("--plot-size=10x10", "downhill: --plot-size: '10x10' is not WIDTHxHEIGHT with a width of 200–10000 and a height of 150–10000 pixels")]
    [InlineData("--view=10", "downhill: --view: '10' is not AZIMUTH,ELEVATION with an elevation in [-90, 90] degrees")]
    [InlineData("--bounds=2:1", "downhill: --bounds: entry 1 has low 2 not below high 1")]
    public void BadInputIsOneLineAndExitCodeTwo(string bad, string message)
    {
        string[] args = bad.EndsWith(".jpg", StringComparison.Ordinal)
            ? ["plot", "-f", "rosenbrock", bad]
            : ["plot", "-f", "rosenbrock", bad, Path.Combine(_folder, "out.svg")];
        var outcome = CliHarness.Run(args);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(message, outcome.Error.TrimEnd());
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void ThreeVariablesCannotBeDrawn()
    {
        var outcome = CliHarness.Run("plot", "-f", "x^2 + y^2 + z^2", Path.Combine(_folder, "f.svg"));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("downhill: a figure of the function itself needs 1 or 2 variables; this one has 3", outcome.Error.TrimEnd());
    }

    [Fact]
    public void ThePlotOptionChecksTheFileBeforeAnyWorkAndIsAbsentByDefault()
    {
        var plot = new PlotOption();
        var command = new Command("demo");
        plot.AddTo(command);
        Assert.Null(plot.Read(command.Parse([])));
        var request = plot.Read(command.Parse(["--plot", "a.png", "--plot-size", "640x480", "--plot-scale", "3"]))!;
        Assert.Equal(("a.png", Downhill.Plotting.FigureFormat.Png, (640.0, 480.0), 3.0), (request.Path, request.Format, request.Size!.Value, request.Scale));
        var error = Assert.Throws<InputException>(() => plot.Read(command.Parse(["--plot", "a.pdf"])));
        Assert.Equal("--plot: cannot tell the figure format of 'a.pdf': the extension '.pdf' is not .svg, .png or .html", error.Message);
    }
}

using System.Xml;
using System.Xml.Linq;
using Downhill.Plotting;

namespace Downhill.Tests.Plotting;

/// <summary>
/// Every figure kind against a committed golden SVG, byte for byte. After a deliberate change to the drawing,
/// regenerate them with <c>DOWNHILL_UPDATE_GOLDEN=1 dotnet test -c Release --filter SvgGoldenTests</c> and review the diff.
/// </summary>
public sealed class SvgGoldenTests
{
    public static TheoryData<string> Kinds => new(Small.Select(k => k.Name));

    // Coarser grids than the CLI uses keep the golden files small.
    private static readonly (string Name, Func<Figure> Build)[] Small = SampleFigures.All
        .Select(k => k.Name switch
        {
            "contour" => (k.Name, () => SampleFigures.Contour(resolution: 31)),
            "basins" => (k.Name, () => SampleFigures.Basins(resolution: 21)),
            _ => k,
        })
        .Append(("rosenbrock", () => SampleFigures.RosenbrockContour(resolution: 31)))
        .ToArray();

    private static string Render(string kind) => SvgRenderer.Render(Small.Single(k => k.Name == kind).Build());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void MatchesTheGoldenFile(string kind)
    {
        string svg = Render(kind);
        string golden = Path.Combine(SourceFolder(), "Fixtures", "figures", kind + ".svg");
        if (Environment.GetEnvironmentVariable("DOWNHILL_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllText(golden, svg);
        }
        Assert.True(File.Exists(golden), $"no golden file {golden}; run with DOWNHILL_UPDATE_GOLDEN=1 to create it");
        string expected = File.ReadAllText(golden);
        if (expected != svg)
        {
            int at = Enumerable.Range(0, Math.Min(expected.Length, svg.Length)).FirstOrDefault(i => expected[i] != svg[i], Math.Min(expected.Length, svg.Length));
            Assert.Fail($"{kind}.svg differs from the golden file at character {at}: expected …{Excerpt(expected, at)}… got …{Excerpt(svg, at)}…");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void IsValidSvgWithTitleAxesAndMarks(string kind)
    {
        var doc = XDocument.Parse(Render(kind), LoadOptions.None);
        XNamespace svg = "http://www.w3.org/2000/svg";
        Assert.Equal(svg + "svg", doc.Root!.Name);
        Assert.False(string.IsNullOrWhiteSpace(doc.Root.Element(svg + "title")?.Value));
        var panels = doc.Descendants(svg + "g").Where(g => (string?)g.Attribute("class") == "panel").ToList();
        Assert.NotEmpty(panels);
        foreach (var panel in panels)
        {
            bool surface = (string?)panel.Attribute("data-kind") == "surface";
            var drawn = surface
                ? panel.Descendants(svg + "g").Single(g => (string?)g.Attribute("class") == "surface").Elements()
                : panel.Descendants(svg + "g").Single(g => (string?)g.Attribute("class") == "zoom").Descendants()
                    .Concat(panel.Descendants(svg + "path").Where(p => (string?)p.Attribute("class") == "mk"));
            Assert.NotEmpty(drawn);
            if (!surface)
                Assert.Contains(panel.Descendants(svg + "g"), g => (string?)g.Attribute("class") == "xaxis" && g.Elements(svg + "text").Any());
        }
        // Every id is unique (clip paths, gradients).
        var ids = doc.Descendants().Select(e => (string?)e.Attribute("id")).Where(id => id is not null).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void TheSameFigureGivesTheSameBytes() =>
        Assert.Equal(SvgRenderer.Render(SampleFigures.Contour(resolution: 21)), SvgRenderer.Render(SampleFigures.Contour(resolution: 21)));

    [Fact]
    public void CoordinatesHaveAtMostTwoDecimals()
    {
        string svg = Render("curve");
        Assert.DoesNotMatch(@"\d\.\d{3,}", System.Text.RegularExpressions.Regex.Replace(svg, "data-[xy]=\"[^\"]*\"", ""));
    }

    [Fact]
    public void TextIsEscaped()
    {
        var figure = new Figure("a < b & c", [new Panel(new Axis("x<1", 0, 1), new Axis("y", 0, 1), [])]);
        var doc = XDocument.Parse(SvgRenderer.Render(figure));
        Assert.Contains(doc.Descendants(), e => e.Name.LocalName == "text" && e.Value == "a < b & c");
    }

    private static string Excerpt(string text, int at) => text.Substring(Math.Max(0, at - 40), Math.Min(80, text.Length - Math.Max(0, at - 40)));

    /// <summary>The test project's source folder (where Fixtures/ is committed), found from the build output.</summary>
    internal static string SourceFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Downhill.Tests.csproj")))
                return dir.FullName;
        throw new InvalidOperationException("cannot find Downhill.Tests.csproj above " + AppContext.BaseDirectory);
    }
}

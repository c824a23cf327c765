using System.Globalization;
using System.Xml.Linq;
using Downhill.Plotting;

namespace Downhill.Tests.Plotting;

/// <summary>No two labels of a figure overlap, by the layout's own text metrics (DejaVu Sans advance widths).</summary>
public sealed class TextOverlapTests
{
    public static TheoryData<string> Kinds => new(SampleFigures.All.Select(k => k.Name));

    private sealed record Box(string Text, double Left, double Top, double Right, double Bottom);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void LabelsDoNotOverlap(string kind) =>
        AssertNoOverlap(SampleFigures.All.Single(k => k.Name == kind).Build());

    [Fact]
    public void ManyCategoriesAreThinnedRatherThanCrowded()
    {
        var sets = Enumerable.Range(0, 40).Select(k => new EigenvalueSet($"P{k + 1}", k % 2 == 0 ? "minimum" : "saddle", [1.0 + k, k % 2 == 0 ? 2.0 : -1.0])).ToList();
        var figure = EigenvalueFigure.Build("forty critical points", sets);
        AssertNoOverlap(figure);
        int written = XDocument.Parse(SvgRenderer.Render(figure)).Descendants().Count(e => e.Name.LocalName == "text" && e.Value.StartsWith('P'));
        Assert.InRange(written, 5, 39);
    }

    private static void AssertNoOverlap(Figure figure)
    {
        var boxes = new List<Box>();
        foreach (var text in XDocument.Parse(SvgRenderer.Render(figure)).Descendants().Where(e => e.Name.LocalName == "text"))
        {
            if (text.Attribute("transform") is not null) continue; // rotated axis titles stand apart by construction
            double size = double.Parse((string?)text.Attribute("font-size") ?? "12", CultureInfo.InvariantCulture);
            double x = double.Parse((string)text.Attribute("x")!, CultureInfo.InvariantCulture);
            double y = double.Parse((string)text.Attribute("y")!, CultureInfo.InvariantCulture);
            string content = string.Concat(text.Nodes().OfType<XText>().Select(t => t.Value))
                + (text.Elements().FirstOrDefault() is { } sup ? "^" + sup.Value : "");
            double width = TextWidth.Of(content, size) * ((string?)text.Attribute("font-weight") == "bold" ? 1.12 : 1);
            double left = (string?)text.Attribute("text-anchor") switch { "middle" => x - width / 2, "end" => x - width, _ => x };
            boxes.Add(new Box(content, left, y - 0.75 * size, left + width, y + 0.2 * size));
        }
        for (int i = 0; i < boxes.Count; i++)
            for (int j = i + 1; j < boxes.Count; j++)
            {
                var (a, b) = (boxes[i], boxes[j]);
                bool overlap = a.Left < b.Right && b.Left < a.Right && a.Top < b.Bottom && b.Top < a.Bottom;
                Assert.False(overlap, $"'{a.Text}' overlaps '{b.Text}' in {figure.Title}");
            }
    }
}

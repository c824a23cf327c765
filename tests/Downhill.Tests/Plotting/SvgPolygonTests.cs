using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Downhill.Plotting;

namespace Downhill.Tests.Plotting;

/// <summary>The compact polygon syntax of contour bands puts every vertex where the absolute syntax does.</summary>
public sealed class SvgPolygonTests
{
    [Fact]
    public void RelativeStepsLandOnTheRoundedAbsoluteVertices()
    {
        var random = new Random(7);
        // A walk of short steps across a figure, as the outlines of band pieces are (a few pixels each).
        var points = new List<(double, double)> { (400, 300) };
        for (int k = 1; k < 400; k++) points.Add((points[^1].Item1 + random.NextDouble() * 8 - 4, points[^1].Item2 + random.NextDouble() * 8 - 4));
        points.Insert(5, (points[4].Item1, points[4].Item2 + 3.333)); // a vertical step
        points.Insert(9, (points[8].Item1 - 0.4, points[8].Item2));   // a short horizontal one
        var d = new StringBuilder();
        Downhill.Plotting.Svg.AppendPolygon(d, points);

        var vertices = Parse(d.ToString());
        Assert.Equal(points.Count, vertices.Count);
        for (int k = 0; k < points.Count; k++)
        {
            Assert.Equal(Math.Round(points[k].Item1, 2, MidpointRounding.AwayFromZero), vertices[k].X, 9);
            Assert.Equal(Math.Round(points[k].Item2, 2, MidpointRounding.AwayFromZero), vertices[k].Y, 9);
        }
        Assert.EndsWith("Z", d.ToString());
        Assert.Contains("v3.33", d.ToString());
        Assert.Contains("h-.4", d.ToString());
        // Shorter than the absolute form (rosenbrock's contour map: 458 KB → 301 KB, most steps there along an axis).
        Assert.InRange(d.Length, 1, 0.85 * Downhill.Plotting.Svg.PathData(points, close: true).Length);
    }

    private static List<(double X, double Y)> Parse(string d)
    {
        var result = new List<(double X, double Y)>();
        double x = 0, y = 0;
        foreach (Match m in Regex.Matches(d, @"([MhvlZ])([^MhvlZ]*)"))
        {
            var numbers = Regex.Matches(m.Groups[2].Value, @"-?(\d+\.?\d*|\.\d+)").Select(n => double.Parse(n.Value, CultureInfo.InvariantCulture)).ToArray();
            switch (m.Groups[1].Value)
            {
                case "M": (x, y) = (numbers[0], numbers[1]); break;
                case "h": x += numbers[0]; break;
                case "v": y += numbers[0]; break;
                case "l": x += numbers[0]; y += numbers[1]; break;
                default: continue;
            }
            result.Add((x, y));
        }
        return result;
    }
}

namespace Downhill.Plotting;

/// <summary>The marker conventions every figure shares, so a saddle or a start looks the same everywhere.</summary>
public static class Styles
{
    /// <summary>The marker of a run's start.</summary>
    public const MarkerShape Start = MarkerShape.Circle;
    /// <summary>The marker of a run's end.</summary>
    public const MarkerShape End = MarkerShape.Square;
    /// <summary>The marker of a run that diverged.</summary>
    public const MarkerShape Diverged = MarkerShape.Cross;
    /// <summary>The marker of a known minimum.</summary>
    public const MarkerShape KnownMinimum = MarkerShape.Star;

    /// <summary>The marker of a critical point's kind: ▼ minimum, ▲ maximum, × saddle, ◆ degenerate.</summary>
    public static MarkerShape ForKind(string kind) => kind.ToLowerInvariant() switch
    {
        "minimum" or "min" => MarkerShape.TriangleDown,
        "maximum" or "max" => MarkerShape.Triangle,
        "saddle" => MarkerShape.Cross,
        _ => MarkerShape.Diamond,
    };

    /// <summary>The kinds in the order legends list them.</summary>
    public static int KindOrder(string kind) => ForKind(kind) switch
    {
        MarkerShape.TriangleDown => 0,
        MarkerShape.Triangle => 1,
        MarkerShape.Cross => 2,
        _ => 3,
    };

    /// <summary>The colour of divergence: black, which no series uses before the seventh.</summary>
    public static readonly Rgb DivergedColor = Rgb.Black;

    /// <summary>The start marker of a path and its end marker, both in the path's colour.</summary>
    public static IEnumerable<Mark> Ends(IReadOnlyList<(double X, double Y)> points, Rgb color)
    {
        var finite = points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        if (finite.Count == 0) yield break;
        yield return new ScatterMark([finite[0]], Start, color) { Size = 9, Stroke = Rgb.White };
        yield return new ScatterMark([finite[^1]], End, color) { Size = 8, Stroke = Rgb.White };
    }

    /// <summary>
    /// The outline of the box a run kept to, dashed in ink, its infinite sides drawn at the panel's edge
    /// (<paramref name="x"/>, <paramref name="y"/>), so projected paths are seen bending along it.
    /// </summary>
    public static LineMark BoxOutline(Constraints.Bounds box, (double Low, double High) x, (double Low, double High) y)
    {
        double x0 = Math.Max(box.Lower[0], x.Low), x1 = Math.Min(box.Upper[0], x.High);
        double y0 = Math.Max(box.Lower[1], y.Low), y1 = Math.Min(box.Upper[1], y.High);
        return new LineMark([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], Palette.Ink)
        {
            Label = $"box {box}", Dash = LineDash.Dashed, Width = 1.5, Halo = true,
        };
    }

    /// <summary>Legend-only marks explaining the start and end markers, in neutral grey.</summary>
    public static IEnumerable<Mark> EndLegend()
    {
        var grey = Rgb.FromHex("#777777");
        yield return new ScatterMark([], Start, grey) { Label = "start", Size = 9 };
        yield return new ScatterMark([], End, grey) { Label = "end", Size = 8 };
    }

    /// <summary>Critical points as white markers outlined in black (they read on any background), one legend row per kind.</summary>
    public static IEnumerable<Mark> CriticalPoints(IReadOnlyList<CriticalPointMark> points)
    {
        foreach (var group in points.Where(p => p.X.Length >= 2).GroupBy(p => ForKind(p.Kind)).OrderBy(g => KindOrder(g.First().Kind)))
        {
            string name = group.Key switch
            {
                MarkerShape.TriangleDown => "minimum",
                MarkerShape.Triangle => "maximum",
                MarkerShape.Cross => "saddle",
                _ => "degenerate",
            };
            yield return new ScatterMark(group.Select(p => (p.X[0], p.X[1])).ToList(), group.Key, Rgb.White)
            {
                Label = name, Size = 11, Stroke = Rgb.Black,
            };
        }
    }
}

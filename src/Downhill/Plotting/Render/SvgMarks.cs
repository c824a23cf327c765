using System.Text;

namespace Downhill.Plotting;

/// <summary>Draws the 2-D marks of a panel in pixel space.</summary>
internal static class SvgMarks
{
    /// <summary>Marks that scale with zoom (lines, areas): drawn inside the panel's zoom group.</summary>
    public static void DrawGeometry(Svg svg, Mark mark, PixelScale x, PixelScale y)
    {
        switch (mark)
        {
            case ContourMark contour: DrawContour(svg, contour, x, y); break;
            case CategoryMapMark map: DrawCategoryMap(svg, map, x, y); break;
            case RectMark rects: DrawRects(svg, rects, x, y); break;
            case LineMark line: DrawLine(svg, line, x, y); break;
        }
    }

    /// <summary>Markers: drawn outside the zoom group at fixed size, each placed by a translate the page can move.</summary>
    public static void DrawMarkers(Svg svg, ScatterMark scatter, PixelScale x, PixelScale y)
    {
        string d = MarkerPath(scatter.Shape, scatter.Size);
        svg.Line($"<g fill=\"{scatter.Fill.Hex}\" stroke=\"{scatter.Stroke.Hex}\" stroke-width=\"1.2\">");
        foreach (var (px, py) in scatter.Points)
        {
            if (!x.Accepts(px) || !y.Accepts(py)) continue;
            svg.Line($"<path class=\"mk\" transform=\"translate({Svg.N(x.Map(px))},{Svg.N(y.Map(py))})\" d=\"{d}\"/>");
        }
        svg.Line("</g>");
    }

    /// <summary>A marker outline centred on the origin, <paramref name="size"/> pixels across.</summary>
    public static string MarkerPath(MarkerShape shape, double size)
    {
        double r = size / 2;
        string n(double v) => Svg.N(v);
        return shape switch
        {
            MarkerShape.Circle => $"M{n(r)} 0A{n(r)} {n(r)} 0 1 1 {n(-r)} 0A{n(r)} {n(r)} 0 1 1 {n(r)} 0Z",
            MarkerShape.Square => $"M{n(-r * 0.9)} {n(-r * 0.9)}H{n(r * 0.9)}V{n(r * 0.9)}H{n(-r * 0.9)}Z",
            MarkerShape.Diamond => $"M0 {n(-r * 1.2)}L{n(r)} 0L0 {n(r * 1.2)}L{n(-r)} 0Z",
            MarkerShape.Triangle => $"M0 {n(-r * 1.15)}L{n(r * 1.1)} {n(r * 0.8)}L{n(-r * 1.1)} {n(r * 0.8)}Z",
            MarkerShape.TriangleDown => $"M0 {n(r * 1.15)}L{n(r * 1.1)} {n(-r * 0.8)}L{n(-r * 1.1)} {n(-r * 0.8)}Z",
            MarkerShape.Cross => CrossPath(r),
            _ => StarPath(r * 1.25),
        };
    }

    private static string CrossPath(double r)
    {
        // A plus sign as one closed outline (so it fills and strokes like the other markers), turned 45° into an ×.
        double w = r * 0.3;
        (double X, double Y)[] plus =
        [
            (-w, -r), (w, -r), (w, -w), (r, -w), (r, w), (w, w), (w, r), (-w, r), (-w, w), (-r, w), (-r, -w), (-w, -w),
        ];
        double c = Math.Sqrt(0.5);
        return Svg.PathData(plus.Select(p => (c * (p.X - p.Y), c * (p.X + p.Y))), close: true);
    }

    private static string StarPath(double r)
    {
        var points = new List<(double, double)>();
        for (int k = 0; k < 10; k++)
        {
            double a = -Math.PI / 2 + k * Math.PI / 5, radius = k % 2 == 0 ? r : r * 0.45;
            points.Add((Math.Cos(a) * radius, Math.Sin(a) * radius));
        }
        return Svg.PathData(points, close: true);
    }

    private static string DashArray(LineDash dash, double width) => dash switch
    {
        LineDash.Dashed => $" stroke-dasharray=\"{Svg.N(width * 3.5)} {Svg.N(width * 2.2)}\"",
        LineDash.Dotted => $" stroke-dasharray=\"{Svg.N(width * 0.6)} {Svg.N(width * 1.8)}\" stroke-linecap=\"round\"",
        _ => "",
    };

    /// <summary>
    /// Pixel runs of a line, broken wherever a point cannot be placed (NaN, infinity, ≤ 0 on a log axis). A point
    /// within a twentieth of a pixel of the last one kept adds nothing visible and is dropped (a run's last point stays),
    /// so a 100,000-step trace does not make a 100,000-point path.
    /// </summary>
    public static List<List<(double X, double Y)>> Runs(IReadOnlyList<(double X, double Y)> points, PixelScale x, PixelScale y)
    {
        const double minimumStep = 0.05; // 10 px at the page's deepest zoom (200×)
        var runs = new List<List<(double X, double Y)>>();
        List<(double X, double Y)>? run = null;
        bool lastDropped = false;
        (double X, double Y) dropped = default;
        foreach (var (px, py) in points)
        {
            if (!x.Accepts(px) || !y.Accepts(py))
            {
                if (run is not null && lastDropped) run.Add(dropped);
                run = null;
                lastDropped = false;
                continue;
            }
            var p = (X: x.Map(px), Y: y.Map(py));
            if (run is null) runs.Add(run = []);
            else if (Math.Abs(p.X - run[^1].X) < minimumStep && Math.Abs(p.Y - run[^1].Y) < minimumStep)
            {
                (lastDropped, dropped) = (true, p);
                continue;
            }
            run.Add(p);
            lastDropped = false;
        }
        if (run is not null && lastDropped) run.Add(dropped);
        return runs;
    }

    private static void DrawLine(Svg svg, LineMark line, PixelScale x, PixelScale y)
    {
        var runs = Runs(line.Points, x, y);
        if (runs.Count == 0) return;
        string d = string.Concat(runs.Select(r => Svg.PathData(r, close: false)));
        string common = "fill=\"none\" stroke-linejoin=\"round\" stroke-linecap=\"round\" vector-effect=\"non-scaling-stroke\"";
        if (line.Halo)
            svg.Line($"<path d=\"{d}\" {common} stroke=\"#ffffff\" stroke-opacity=\"0.85\" stroke-width=\"{Svg.N(line.Width + 2.4)}\"/>");
        svg.Line($"<path d=\"{d}\" {common} stroke=\"{line.Color.Hex}\" stroke-width=\"{Svg.N(line.Width)}\"{DashArray(line.Dash, line.Width)}/>");
    }

    private static void DrawRects(Svg svg, RectMark mark, PixelScale x, PixelScale y)
    {
        string opacity = mark.Opacity < 1 ? $" fill-opacity=\"{Svg.N(mark.Opacity)}\"" : "";
        svg.Line($"<g fill=\"{mark.Fill.Hex}\"{opacity}>");
        foreach (var r in mark.Rects)
        {
            if (!x.Accepts(r.X0) || !x.Accepts(r.X1) || !y.Accepts(r.Y0) || !y.Accepts(r.Y1)) continue;
            double x0 = x.Map(r.X0), x1 = x.Map(r.X1), y0 = y.Map(r.Y0), y1 = y.Map(r.Y1);
            svg.Line($"<rect x=\"{Svg.N(Math.Min(x0, x1))}\" y=\"{Svg.N(Math.Min(y0, y1))}\" width=\"{Svg.N(Math.Abs(x1 - x0))}\" height=\"{Svg.N(Math.Abs(y1 - y0))}\"/>");
        }
        svg.Line("</g>");
    }

    private static void DrawContour(Svg svg, ContourMark contour, PixelScale x, PixelScale y)
    {
        if (contour.Filled)
        {
            // Each band is one path; a hairline stroke in the band's own colour hides anti-aliasing seams
            // between the pieces of a band.
            svg.Line("<g class=\"bands\" stroke-width=\"0.6\" stroke-linejoin=\"round\">");
            foreach (var region in FilledBands.Regions(contour.Grid, contour.Levels))
            {
                string hex = contour.Levels.BandColor(region.Band).Hex;
                var d = new StringBuilder();
                foreach (var polygon in region.Polygons) Svg.AppendPolygon(d, polygon.Select(q => (x.Map(q.X), y.Map(q.Y))));
                svg.Line($"<path d=\"{d}\" fill=\"{hex}\" stroke=\"{hex}\"/>");
            }
            svg.Line("</g>");
        }
        if (contour.Lines)
        {
            svg.Line("<g class=\"contours\" fill=\"none\" stroke=\"#000000\" stroke-opacity=\"0.45\" stroke-width=\"0.7\" vector-effect=\"non-scaling-stroke\">");
            foreach (double level in contour.Levels.Values)
                foreach (var line in MarchingSquares.Lines(contour.Grid, level))
                    if (line.Points.Count >= 2)
                        svg.Line($"<path vector-effect=\"non-scaling-stroke\" d=\"{Svg.PathData(line.Points.Select(p => (x.Map(p.X), y.Map(p.Y))), line.Closed)}\"/>");
            svg.Line("</g>");
        }
    }

    private static void DrawCategoryMap(Svg svg, CategoryMapMark map, PixelScale x, PixelScale y)
    {
        // Runs of equal cells in a row become one rectangle; crisp edges keep neighbouring rectangles seamless.
        svg.Line("<g class=\"categories\" shape-rendering=\"crispEdges\">");
        int nx = map.Xs.Length - 1, ny = map.Ys.Length - 1;
        for (int j = 0; j < ny; j++)
        {
            int start = 0;
            for (int i = 1; i <= nx; i++)
            {
                if (i < nx && map.Categories[j, i] == map.Categories[j, start]) continue;
                int category = map.Categories[j, start];
                Rgb fill = category >= 0 && category < map.Colors.Count ? map.Colors[category] : Palette.Missing;
                double x0 = x.Map(map.Xs[start]), x1 = x.Map(map.Xs[i]), y0 = y.Map(map.Ys[j]), y1 = y.Map(map.Ys[j + 1]);
                svg.Line($"<rect x=\"{Svg.N(x0)}\" y=\"{Svg.N(Math.Min(y0, y1))}\" width=\"{Svg.N(x1 - x0)}\" height=\"{Svg.N(Math.Abs(y1 - y0))}\" fill=\"{fill.Hex}\"/>");
                start = i;
            }
        }
        svg.Line("</g>");
    }
}

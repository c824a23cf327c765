namespace Downhill.Plotting;

/// <summary>
/// Draws a 3-D surface panel with the painter's algorithm: cells, path segments and markers sorted far to near,
/// cells shaded by a fixed light (or drawn as a hidden-line wireframe), a floor with x and y ticks, and a z axis.
/// </summary>
internal static class SvgSurface
{
    private static readonly (double X, double Y, double Z) Light = Normalize((-0.35, -0.45, 1));

    public static void Draw(Svg svg, SurfaceMark surface, double x, double y, double width, double height)
    {
        var scene = new SurfaceScene(surface, x, y, width, height);
        var zCorner = new[] { (-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0) }
            .OrderBy(c => scene.ToPixels((c.Item1, c.Item2, -SurfaceScene.HalfHeight)).X).First();
        DrawFloor(svg, scene, zCorner);
        var items = new List<(double Depth, string Markup)>();
        AddCells(items, scene);
        foreach (var path in surface.Paths) AddPath(items, scene, path);
        svg.Line("<g class=\"surface\">");
        foreach (var (_, markup) in items.OrderByDescending(item => item.Depth)) svg.Line(markup);
        svg.Line("</g>");
        DrawZAxis(svg, scene, zCorner);
    }

    private static void AddCells(List<(double, string)> items, SurfaceScene scene)
    {
        var grid = scene.Surface.Grid;
        bool wire = scene.Surface.Style == SurfaceStyle.Wireframe;
        for (int j = 0; j + 1 < grid.Ys.Length; j++)
            for (int i = 0; i + 1 < grid.Xs.Length; i++)
            {
                double[] z = [grid.Values[j, i], grid.Values[j, i + 1], grid.Values[j + 1, i + 1], grid.Values[j + 1, i]];
                if (z.Any(v => !double.IsFinite(v))) continue;
                var corners = new[]
                {
                    scene.ToScene(grid.Xs[i], grid.Ys[j], z[0]), scene.ToScene(grid.Xs[i + 1], grid.Ys[j], z[1]),
                    scene.ToScene(grid.Xs[i + 1], grid.Ys[j + 1], z[2]), scene.ToScene(grid.Xs[i], grid.Ys[j + 1], z[3]),
                };
                var pixels = corners.Select(scene.ToPixels).ToArray();
                double depth = pixels.Average(p => p.Depth);
                Rgb color = Palette.Viridis(scene.ColorFraction(z.Average()));
                string d = Svg.PathData(pixels.Select(p => (p.X, p.Y)), close: true);
                string markup = wire
                    ? $"<path d=\"{d}\" fill=\"#ffffff\" stroke=\"{color.Hex}\" stroke-width=\"0.9\"/>"
                    : Shaded(d, color.Scale(Shade(corners)));
                items.Add((depth, markup));
            }
    }

    private static string Shaded(string d, Rgb fill) => $"<path d=\"{d}\" fill=\"{fill.Hex}\" stroke=\"{fill.Hex}\" stroke-width=\"0.5\"/>";

    /// <summary>Lambert shading from the cell's normal (the cross product of its diagonals), never darker than 55 %.</summary>
    private static double Shade((double X, double Y, double Z)[] c)
    {
        var a = (X: c[2].X - c[0].X, Y: c[2].Y - c[0].Y, Z: c[2].Z - c[0].Z);
        var b = (X: c[3].X - c[1].X, Y: c[3].Y - c[1].Y, Z: c[3].Z - c[1].Z);
        var n = Normalize((a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X));
        return 0.55 + 0.45 * Math.Abs(n.X * Light.X + n.Y * Light.Y + n.Z * Light.Z);
    }

    private static (double X, double Y, double Z) Normalize((double X, double Y, double Z) v)
    {
        double length = Math.Sqrt(v.X * v.X + v.Y * v.Y + v.Z * v.Z);
        return length > 0 ? (v.X / length, v.Y / length, v.Z / length) : (0, 0, 1);
    }

    private static void AddPath(List<(double, string)> items, SurfaceScene scene, SurfacePath path)
    {
        var points = path.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y) && double.IsFinite(p.Z))
            .Select(p => scene.ToPixels(scene.ToScene(p.X, p.Y, p.Z))).ToArray();
        // A path lies on the surface: nudged towards the eye so the cell it sits on does not hide it.
        const double lift = 0.12;
        // Short steps are drawn together, at least 12 px of path at a time: each piece's white casing would
        // otherwise paint over the colour of the piece before it.
        foreach (var piece in Pieces(points, 12))
        {
            string d = Svg.PathData(piece.Select(p => (p.X, p.Y)), close: false);
            items.Add((piece.Average(p => p.Depth) - lift,
                $"<path d=\"{d}\" fill=\"none\" stroke=\"#ffffff\" stroke-width=\"4.4\" stroke-linejoin=\"round\"/><path d=\"{d}\" fill=\"none\" stroke=\"{path.Color.Hex}\" stroke-width=\"2.2\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>"));
        }
        if (points.Length == 0) return;
        var (first, last) = (points[0], points[^1]);
        items.Add((first.Depth - 2 * lift, Marker(MarkerShape.Circle, first.X, first.Y, Rgb.White, path.Color)));
        items.Add((last.Depth - 2 * lift, Marker(MarkerShape.Square, last.X, last.Y, path.Color, Rgb.White)));
    }

    /// <summary>Consecutive runs of points, each at least <paramref name="length"/> pixels long (the last may be shorter), sharing end points.</summary>
    private static IEnumerable<List<(double X, double Y, double Depth)>> Pieces((double X, double Y, double Depth)[] points, double length)
    {
        var piece = new List<(double X, double Y, double Depth)>();
        double run = 0;
        for (int k = 0; k < points.Length; k++)
        {
            if (piece.Count > 0) run += Math.Sqrt(Math.Pow(points[k].X - piece[^1].X, 2) + Math.Pow(points[k].Y - piece[^1].Y, 2));
            piece.Add(points[k]);
            if (piece.Count >= 2 && (run >= length || k == points.Length - 1))
            {
                yield return piece;
                piece = [points[k]];
                run = 0;
            }
        }
    }

    private static string Marker(MarkerShape shape, double x, double y, Rgb fill, Rgb stroke) =>
        $"<path transform=\"translate({Svg.N(x)},{Svg.N(y)})\" d=\"{SvgMarks.MarkerPath(shape, 8)}\" fill=\"{fill.Hex}\" stroke=\"{stroke.Hex}\" stroke-width=\"1.6\"/>";

    private static void DrawFloor(Svg svg, SurfaceScene scene, (double X, double Y) zCorner)
    {
        double h = -SurfaceScene.HalfHeight;
        var corners = new[] { (-1.0, -1.0, h), (1.0, -1.0, h), (1.0, 1.0, h), (-1.0, 1.0, h) }.Select(scene.ToPixels).ToArray();
        svg.Line($"<path class=\"floor\" d=\"{Svg.PathData(corners.Select(c => (c.X, c.Y)), close: true)}\" fill=\"#f3f3f3\" stroke=\"#9a9a9a\" stroke-width=\"0.8\"/>");
        var grid = scene.Surface.Grid;
        // Label each horizontal axis along the floor edge nearer the eye, outside the floor.
        var zBase = scene.ToPixels((zCorner.X, zCorner.Y, h));
        EdgeTicks(svg, scene, grid.Xs[0], grid.Xs[^1], alongX: true, scene.Surface.Variables.X, (zBase.X, zBase.Y));
        EdgeTicks(svg, scene, grid.Ys[0], grid.Ys[^1], alongX: false, scene.Surface.Variables.Y, (zBase.X, zBase.Y));
    }

    /// <summary>Ticks along the floor edge nearer the eye; a label that would crowd the z axis's foot is left out.</summary>
    private static void EdgeTicks(Svg svg, SurfaceScene scene, double min, double max, bool alongX, string name, (double X, double Y) zFoot)
    {
        double h = -SurfaceScene.HalfHeight;
        (double, double, double) At(double t, double side) => alongX ? (t, side, h) : (side, t, h);
        double side = scene.ToPixels(At(0, -1)).Depth < scene.ToPixels(At(0, 1)).Depth ? -1 : 1;
        var centre = scene.ToPixels((0, 0, h));
        var middle = scene.ToPixels(At(0, side));
        double ox = middle.X - centre.X, oy = middle.Y - centre.Y, length = Math.Max(1e-9, Math.Sqrt(ox * ox + oy * oy));
        (ox, oy) = (ox / length, oy / length);
        foreach (var tick in NiceTicks.Linear(min, max, 4))
        {
            double t = 2 * (tick.Value - min) / (max - min) - 1;
            var p = scene.ToPixels(At(t, side));
            svg.Line($"<path d=\"M{Svg.N(p.X)} {Svg.N(p.Y)}l{Svg.N(ox * 5)} {Svg.N(oy * 5)}\" stroke=\"#6b6b6b\"/>");
            if (Math.Abs(p.X + ox * 16 - zFoot.X) < 22 && Math.Abs(p.Y + oy * 16 - zFoot.Y) < 16) continue;
            svg.Text(p.X + ox * 16, p.Y + oy * 16 + 4, tick.Label, "text-anchor=\"middle\" font-size=\"10\" fill=\"#444444\"");
        }
        svg.Text(middle.X + ox * 34, middle.Y + oy * 34 + 4, name, "text-anchor=\"middle\" font-size=\"13\" font-style=\"italic\" fill=\"#222222\"");
    }

    private static void DrawZAxis(Svg svg, SurfaceScene scene, (double, double) corner)
    {
        double h = SurfaceScene.HalfHeight;
        var bottom = scene.ToPixels((corner.Item1, corner.Item2, -h));
        var top = scene.ToPixels((corner.Item1, corner.Item2, h));
        svg.Line($"<path class=\"zaxis\" d=\"M{Svg.N(bottom.X)} {Svg.N(bottom.Y)}L{Svg.N(top.X)} {Svg.N(top.Y)}\" stroke=\"#6b6b6b\"/>");
        foreach (var tick in NiceTicks.Linear(scene.ZMin, scene.ZMax, 5))
        {
            var p = scene.ToPixels((corner.Item1, corner.Item2, (2 * scene.ColorFraction(tick.Value) - 1) * h));
            svg.Line($"<path d=\"M{Svg.N(p.X)} {Svg.N(p.Y)}h-5\" stroke=\"#6b6b6b\"/>");
            svg.Text(p.X - 8, p.Y + 4, tick.Label, "text-anchor=\"end\" font-size=\"10\" fill=\"#444444\"");
        }
    }
}

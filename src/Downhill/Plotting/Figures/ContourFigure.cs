using Downhill.Functions;
using Downhill.Running;

namespace Downhill.Plotting;

/// <summary>
/// A landscape of two variables: filled contours with contour lines and a colour bar, descent paths in distinct
/// colours with start and end markers, and critical points marked by kind.
/// </summary>
public static class ContourFigure
{
    /// <summary>Builds the figure from a sampled grid.</summary>
    public static Figure Build(string title, ScalarGrid grid, IReadOnlyList<Path2D> paths, IReadOnlyList<CriticalPointMark> criticalPoints,
        (string X, string Y) variables = default, ContourLevels? levels = null)
    {
        var (xName, yName) = (variables.X ?? "x", variables.Y ?? "y");
        var marks = new List<Mark> { new ContourMark(grid, levels ?? ContourLevels.Choose(grid)) };
        // Three or more paths often share one narrow valley and hide one another there: their lines are thinner and
        // each carries dots at even steps of its own length, so a path can be followed where the others run over it.
        bool crowded = paths.Count > 2;
        for (int k = 0; k < paths.Count; k++)
        {
            var color = Palette.OnViridis[k % Palette.OnViridis.Count];
            marks.Add(new LineMark(paths[k].Points, color) { Label = paths[k].Label, Halo = true, Width = crowded ? CrowdedWidth : 2 });
            if (crowded && EvenlyAlong(paths[k].Points, PathDots) is { Count: > 0 } dots)
                marks.Add(new ScatterMark(dots, MarkerShape.Circle, color) { Size = 5 });
            marks.AddRange(Styles.Ends(paths[k].Points, color));
        }
        marks.AddRange(Styles.CriticalPoints(criticalPoints));
        if (paths.Count > 0) marks.AddRange(Styles.EndLegend());
        var panel = new Panel(new Axis(xName, grid.Xs[0], grid.Xs[^1]), new Axis(yName, grid.Ys[0], grid.Ys[^1]), marks)
        {
            ColorBarLabel = $"f({xName}, {yName})",
        };
        return new Figure(title, [panel]) { Width = 820, Height = 620 };
    }

    /// <summary>The width of each path's line when three or more share the map.</summary>
    public const double CrowdedWidth = 1.3;

    /// <summary>How many dots mark each path when three or more share the map.</summary>
    public const int PathDots = 10;

    /// <summary>
    /// <paramref name="count"/> vertices of a path at even steps of its length (the middles of <paramref name="count"/>
    /// equal stretches), found by arc length over its finite points: a path that crawls for a thousand short steps and
    /// one that leaps in five get dots spaced alike.
    /// </summary>
    internal static IReadOnlyList<(double X, double Y)> EvenlyAlong(IReadOnlyList<(double X, double Y)> points, int count)
    {
        var finite = points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        if (finite.Count < 2) return [];
        var length = new double[finite.Count];
        for (int i = 1; i < finite.Count; i++)
            length[i] = length[i - 1] + Math.Sqrt(Math.Pow(finite[i].X - finite[i - 1].X, 2) + Math.Pow(finite[i].Y - finite[i - 1].Y, 2));
        if (!(length[^1] > 0) || double.IsInfinity(length[^1])) return [];
        var dots = new List<(double X, double Y)>(count);
        int at = 0;
        for (int d = 0; d < count; d++)
        {
            double target = (d + 0.5) / count * length[^1];
            while (at < finite.Count - 1 && length[at + 1] < target) at++;
            int nearer = at + 1 < finite.Count && length[at + 1] - target < target - length[at] ? at + 1 : at;
            dots.Add(finite[nearer]);
        }
        return dots;
    }

    /// <summary>
    /// Builds the figure for a two-variable objective over <paramref name="bounds"/>, with the paths of
    /// <paramref name="runs"/> and, when they kept to a box, its outline.
    /// </summary>
    public static Figure Build(string title, IObjective objective, IReadOnlyList<(double Low, double High)> bounds,
        IEnumerable<RunResult> runs, IReadOnlyList<CriticalPointMark> criticalPoints, int resolution = 121)
    {
        var grid = FloorRefinement.Refine(ScalarGrid.Sample(objective, bounds[0], bounds[1], resolution, resolution), objective);
        var names = (objective.Variables[0], objective.Variables[1]);
        var list = runs.ToList();
        var figure = Build(title, grid, list.Select(r => RunAdapters.ToPath(r)).ToList(), criticalPoints, names);
        // The box the runs kept to, under their paths: a projected path is seen bending along its sides.
        if (list.Select(r => r.Bounds).FirstOrDefault(b => b is { Dimension: 2 }) is not { } box) return figure;
        var panel = figure.Panels[0];
        return figure with { Panels = [panel with { Marks = [panel.Marks[0], Styles.BoxOutline(box, bounds[0], bounds[1]), .. panel.Marks.Skip(1)] }] };
    }
}

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
        for (int k = 0; k < paths.Count; k++)
        {
            var color = Palette.OnViridis[k % Palette.OnViridis.Count];
            marks.Add(new LineMark(paths[k].Points, color) { Label = paths[k].Label, Halo = true, Width = 2 });
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

    /// <summary>
    /// Builds the figure for a two-variable objective over <paramref name="bounds"/>, with the paths of
    /// <paramref name="runs"/> and, when they kept to a box, its outline.
    /// </summary>
    public static Figure Build(string title, IObjective objective, IReadOnlyList<(double Low, double High)> bounds,
        IEnumerable<RunResult> runs, IReadOnlyList<CriticalPointMark> criticalPoints, int resolution = 121)
    {
        var grid = ScalarGrid.Sample(objective, bounds[0], bounds[1], resolution, resolution);
        var names = (objective.Variables[0], objective.Variables[1]);
        var list = runs.ToList();
        var figure = Build(title, grid, list.Select(r => RunAdapters.ToPath(r)).ToList(), criticalPoints, names);
        // The box the runs kept to, under their paths: a projected path is seen bending along its sides.
        if (list.Select(r => r.Bounds).FirstOrDefault(b => b is { Dimension: 2 }) is not { } box) return figure;
        var panel = figure.Panels[0];
        return figure with { Panels = [panel with { Marks = [panel.Marks[0], Styles.BoxOutline(box, bounds[0], bounds[1]), .. panel.Marks.Skip(1)] }] };
    }
}

using Downhill.Functions;
using Downhill.Running;

namespace Downhill.Plotting;

/// <summary>A surface z = f(x, y) in 3-D, shaded or as a wireframe, with descent paths drawn on it.</summary>
public static class SurfaceFigure
{
    /// <summary>Builds the figure from a sampled grid and paths in the plane (their heights are read off the grid).</summary>
    public static Figure Build(string title, ScalarGrid grid, IReadOnlyList<Path2D> paths, Func<double, double, double> f,
        SurfaceStyle style = SurfaceStyle.Shaded, Camera? camera = null, (string X, string Y) variables = default)
    {
        var (xName, yName) = (variables.X ?? "x", variables.Y ?? "y");
        var surfacePaths = paths.Select((p, k) => new SurfacePath(p.Label, p.Points.Select(q => (q.X, q.Y, f(q.X, q.Y))).ToList(),
            Palette.OnSurface[k % Palette.OnSurface.Count])).ToList();
        var surface = new SurfaceMark(grid, camera ?? Camera.Default, style, surfacePaths) { Variables = (xName, yName) };
        var panel = new Panel(new Axis(xName, grid.Xs[0], grid.Xs[^1]), new Axis(yName, grid.Ys[0], grid.Ys[^1]), [surface])
        {
            ColorBarLabel = $"f({xName}, {yName})",
        };
        return new Figure(title, [panel]) { Width = 820, Height = 620 };
    }

    /// <summary>Builds the figure for a two-variable objective over <paramref name="bounds"/>, with the paths of <paramref name="runs"/>.</summary>
    public static Figure Build(string title, IObjective objective, IReadOnlyList<(double Low, double High)> bounds, IEnumerable<RunResult> runs,
        SurfaceStyle style = SurfaceStyle.Shaded, Camera? camera = null, int resolution = 41)
    {
        var grid = ScalarGrid.Sample(objective, bounds[0], bounds[1], resolution, resolution);
        return Build(title, grid, runs.Select(r => RunAdapters.ToPath(r)).ToList(), ScalarGrid.Of(objective), style, camera,
            (objective.Variables[0], objective.Variables[1]));
    }
}

using Downhill.Curvature.Slices;

namespace Downhill.Plotting;

/// <summary>
/// A slice of a network's loss (<see cref="LossSlice"/>): for two axes, filled contours of the loss (or a surface to
/// turn) with the trained weights starred; for one axis, the loss over the slice on each set of rows and, for a
/// classifier, the accuracy beneath, with the trained (and initial) weights marked.
/// </summary>
public static class SliceFigure
{
    /// <summary>Builds the figure; <paramref name="surface"/> draws a two-axis slice as a 3-D surface.</summary>
    public static Figure Build(string title, LossSlice slice, string? subtitle = null, bool surface = false)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var (xName, yName) = AxisNames(slice);
        if (slice.Y is { } ys)
        {
            var grid = new ScalarGrid(slice.X, ys, Finite(slice.Primary.Loss));
            string label = $"loss on {slice.Primary.Name}";
            Panel panel;
            if (surface)
            {
                var trained = new SurfacePath("trained weights", [(slice.Trained.X, slice.Trained.Y, grid.Interpolate(slice.Trained.X, slice.Trained.Y))], Palette.OnSurface[0]);
                panel = new Panel(new Axis(xName, slice.X[0], slice.X[^1]), new Axis(yName, ys[0], ys[^1]),
                    [new SurfaceMark(grid, Camera.Default, SurfaceStyle.Shaded, [trained]) { Variables = (xName, yName) }]);
            }
            else
            {
                panel = new Panel(new Axis(xName, slice.X[0], slice.X[^1]), new Axis(yName, ys[0], ys[^1]),
                [
                    new ContourMark(grid, ContourLevels.Choose(grid)),
                    new ScatterMark([slice.Trained], Styles.KnownMinimum, Palette.Category(4)) { Label = "trained weights", Size = 14, Stroke = Rgb.Black },
                ]);
            }
            return new Figure(title, [panel with { ColorBarLabel = label }]) { Subtitle = subtitle, Width = 820, Height = 620 };
        }
        var panels = new List<Panel> { CurvePanel(slice, xName, "loss", v => v.Loss) };
        if (slice.Primary.Accuracy is not null) panels.Add(CurvePanel(slice, xName, "accuracy", v => v.Accuracy!));
        return new Figure(title, panels) { Subtitle = subtitle, Width = 820, Height = panels.Count == 1 ? 480 : 720 };
    }

    private static Panel CurvePanel(LossSlice slice, string xName, string what, Func<SliceValues, double[,]> read)
    {
        var sets = new[] { slice.Primary, slice.HeldOut }.OfType<SliceValues>().ToList();
        var marks = new List<Mark>();
        var ys = new List<double>();
        for (int s = 0; s < sets.Count; s++)
        {
            var values = read(sets[s]);
            var points = slice.X.Select((x, i) => (x, values[0, i])).ToList();
            ys.AddRange(points.Select(p => p.Item2));
            marks.Add(new LineMark(points, Palette.Category(s)) { Label = $"{what} on {sets[s].Name}", Width = 2 });
            marks.Add(Marker(slice.Trained.X, slice.X, values, Styles.KnownMinimum, s == 0 ? "trained weights" : null));
            if (slice.Initial is { } initial) marks.Add(Marker(initial.X, slice.X, values, Styles.Start, s == 0 ? "initial weights" : null));
        }
        var y = what == "loss" ? Axis.FitLogIfSpanning(what, ys) : Axis.Fit(what, ys, 0.05);
        return new Panel(Axis.Fit(xName, slice.X, 0), y, marks);
    }

    /// <summary>A marker on a curve at <paramref name="x"/>, its height interpolated between the samples.</summary>
    private static ScatterMark Marker(double x, double[] xs, double[,] values, MarkerShape shape, string? label)
    {
        int found = Array.BinarySearch(xs, x);
        int i = Math.Clamp(found >= 0 ? found : ~found - 1, 0, xs.Length - 2);
        double t = (x - xs[i]) / (xs[i + 1] - xs[i]);
        double y = values[0, i] + t * (values[0, i + 1] - values[0, i]);
        return new ScatterMark(double.IsFinite(y) ? [(x, y)] : [], shape, Palette.Category(4)) { Label = label, Size = 12, Stroke = Rgb.Black };
    }

    private static (string X, string Y) AxisNames(LossSlice slice) => slice.Directions switch
    {
        SliceDirections.Line => ("α (0: initial weights, 1: trained)", ""),
        SliceDirections.Eigen when slice.EigenEnd == SpectrumEnd.Largest => ($"α along eigenvector {slice.EigenRank}", $"β along eigenvector {slice.EigenRank + 1}"),
        SliceDirections.Eigen => ($"α along eigenvector {slice.EigenRank} from the smallest", $"β along eigenvector {slice.EigenRank + 1} from the smallest"),
        _ => ("α along random direction 1", "β along random direction 2"),
    };

    private static double[,] Finite(double[,] values)
    {
        var copy = (double[,])values.Clone();
        for (int j = 0; j < copy.GetLength(0); j++)
            for (int i = 0; i < copy.GetLength(1); i++)
                if (!double.IsFinite(copy[j, i])) copy[j, i] = double.NaN;
        return copy;
    }
}

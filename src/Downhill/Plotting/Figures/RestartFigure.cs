namespace Downhill.Plotting;

/// <summary>
/// The summary of a batch of restarts: how many reached each minimum (bars in the basins' colours) beside every
/// restart's final value, sorted, coloured by the minimum it reached.
/// </summary>
public static class RestartFigure
{
    /// <summary>
    /// The axis of the final values and the panel's title. When every value is the same up to round-off (all within
    /// 1e-12 of their size, or of 1 near zero), an axis fitted to them would be a stack of identical ticks, so it is
    /// centred on them at a readable width and the title says how close they are. Else a log axis when the values are
    /// never negative and the positive ones span more than three decades (minima reached to 1e-20 beside runs that
    /// stopped at 1e-3), leaving out exact zeros, which the title counts; else linear.
    /// </summary>
    internal static (Axis Axis, string Title) FinalValueAxis(IReadOnlyList<RestartOutcome> sorted)
    {
        var values = sorted.Select(r => r.FinalF).ToList();
        if (values.Count >= 2)
        {
            double low = values.Min(), high = values.Max(), spread = high - low;
            double size = Math.Max(1, Math.Max(Math.Abs(low), Math.Abs(high)));
            if (spread <= 1e-12 * size)
            {
                double centre = low + spread / 2, half = Math.Max(1e-2 * Math.Abs(centre), 1e-3);
                string closeness = spread == 0
                    ? $"all {values.Count} equal"
                    : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"all {values.Count} within {spread:0.#e0} of each other: round-off");
                return (new Axis("final f", centre - half, centre + half), $"final values ({closeness})");
            }
        }
        var positive = values.Where(v => v > 0).ToList();
        if (values.Count > 0 && values.All(v => v >= 0) && positive.Count > 0 && Math.Log10(positive.Max() / positive.Min()) > 3)
        {
            int zeros = values.Count - positive.Count;
            return (new Axis("final f", positive.Min() / 3, positive.Max() * 3, AxisScale.Log),
                zeros > 0 ? $"final values ({zeros} exactly 0, below the log axis)" : "final values");
        }
        return (Axis.Fit("final f", values.DefaultIfEmpty(0)), "final values");
    }

    /// <summary>Builds the figure from a restart search by <see cref="Analysis.Landscapes.RandomRestarts.Run"/>.</summary>
    public static Figure Build(string title, Analysis.Landscapes.RestartReport report) =>
        Build(title, report.Runs.Select((r, k) => new RestartOutcome(r.F, report.Labels[k])).ToList(),
            report.Minima.Select(m => new BasinMinimum(m.X[0], m.X.Count > 1 ? m.X[1] : 0, m.F)).ToList());

    /// <summary>The final f of each restart, by the minimum it reached.</summary>
    public static Figure Build(string title, IReadOnlyList<RestartOutcome> restarts, IReadOnlyList<BasinMinimum> minima)
    {
        int categories = minima.Count;
        // One bar per minimum, then one per kind of failure that occurred (the negative labels of BasinGrid).
        var slots = Enumerable.Range(0, categories)
            .Concat(restarts.Select(r => r.Minimum).Where(m => m < 0 || m >= categories).Select(m => m < 0 ? m : BasinGrid.NotConverged).Distinct().OrderByDescending(m => m))
            .ToList();
        int Slot(int minimum) => slots.IndexOf(minimum >= 0 && minimum < categories ? minimum : minimum < 0 ? minimum : BasinGrid.NotConverged);
        var counts = new int[slots.Count];
        foreach (var r in restarts) counts[Slot(r.Minimum)]++;
        var barMarks = new List<Mark>();
        var names = new List<(double, string)>();
        for (int k = 0; k < slots.Count; k++)
        {
            int m = slots[k];
            var color = m >= 0 ? BasinsFigure.BasinColor(m) : BasinsFigure.FailureColor(m);
            names.Add((k, m >= 0 ? $"min {m + 1}" : BasinsFigure.FailureName(m)));
            barMarks.Add(new RectMark([new DataRect(k - 0.35, 0, k + 0.35, counts[k])], color)
            {
                Label = (m >= 0 ? BasinsFigure.MinimumName(minima[m], m) : BasinsFigure.FailureName(m)) + $": {counts[k]}",
            });
        }
        var bars = new Panel(new Axis("minimum reached", -0.6, names.Count - 0.4) { Categories = names },
            new Axis("restarts", 0, Math.Max(1, counts.DefaultIfEmpty(0).Max()) * 1.1), barMarks) { Title = "how often each minimum was reached" };

        // Runs that fell without bound have no final value worth an axis (−10¹⁶² would flatten the rest).
        var sorted = restarts.Where(r => double.IsFinite(r.FinalF) && r.Minimum != BasinGrid.Unbounded).OrderBy(r => r.FinalF).ToList();
        var endMarks = new List<Mark>();
        for (int k = -1; k < categories; k++)
        {
            var points = sorted.Select((r, rank) => (r, rank)).Where(t => (t.r.Minimum >= 0 && t.r.Minimum < categories ? t.r.Minimum : -1) == k)
                .Select(t => ((double)t.rank + 1, t.r.FinalF)).ToList();
            if (points.Count == 0) continue;
            // A minimum's dots in its bar's colour, so the two panels read as one.
            var color = k >= 0 ? BasinsFigure.BasinColor(k) : Rgb.FromHex("#999999");
            endMarks.Add(new ScatterMark(points, MarkerShape.Circle, color) { Size = 7, Label = k >= 0 ? $"reached min {k + 1}" : "reached none" });
        }
        var (finalAxis, finalTitle) = FinalValueAxis(sorted);
        var ends = new Panel(new Axis("restart, by final f", 0, Math.Max(2, sorted.Count + 1)), finalAxis, endMarks) { Title = finalTitle };
        return new Figure(title, [bars, ends]) { Width = 900, Height = 720 };
    }
}

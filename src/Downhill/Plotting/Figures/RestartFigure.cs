namespace Downhill.Plotting;

/// <summary>
/// The summary of a batch of restarts: how many reached each minimum (bars in the basins' colours) beside every
/// restart's final value, sorted, coloured by the minimum it reached.
/// </summary>
public static class RestartFigure
{
    /// <summary>
    /// A log axis when the final values are never negative and the positive ones span more than three decades (minima
    /// reached to 1e-20 beside runs that stopped at 1e-3), leaving out exact zeros, which it says how many; else linear.
    /// </summary>
    private static Axis FinalValueAxis(IReadOnlyList<RestartOutcome> sorted, out int zeros)
    {
        zeros = 0;
        var values = sorted.Select(r => r.FinalF).ToList();
        var positive = values.Where(v => v > 0).ToList();
        if (values.Count > 0 && values.All(v => v >= 0) && positive.Count > 0 && Math.Log10(positive.Max() / positive.Min()) > 3)
        {
            zeros = values.Count - positive.Count;
            return new Axis("final f", positive.Min() / 3, positive.Max() * 3, AxisScale.Log);
        }
        return Axis.Fit("final f", values.DefaultIfEmpty(0));
    }

    /// <summary>Builds the figure from a restart search by <see cref="Analysis.Landscapes.RandomRestarts.Run"/>.</summary>
    public static Figure Build(string title, Analysis.Landscapes.RestartReport report) =>
        Build(title, report.Runs.Select((r, k) => new RestartOutcome(r.F, report.Labels[k])).ToList(),
            report.Minima.Select(m => new BasinMinimum(m.X[0], m.X.Count > 1 ? m.X[1] : 0, m.F)).ToList());

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
            var color = k >= 0 ? Palette.Category(k) : Rgb.FromHex("#999999");
            endMarks.Add(new ScatterMark(points, MarkerShape.Circle, color) { Size = 7, Label = k >= 0 ? $"reached min {k + 1}" : "reached none" });
        }
        var ends = new Panel(new Axis("restart, by final f", 0, Math.Max(2, sorted.Count + 1)), FinalValueAxis(sorted, out int zeros), endMarks)
        {
            Title = zeros > 0 ? $"final values ({zeros} exactly 0, below the log axis)" : "final values",
        };
        return new Figure(title, [bars, ends]) { Width = 900, Height = 720 };
    }
}

namespace Downhill.Plotting;

/// <summary>
/// The summary of a batch of restarts: how many reached each minimum (bars in the basins' colours) beside every
/// restart's final value, sorted, coloured by the minimum it reached.
/// </summary>
public static class RestartFigure
{
    public static Figure Build(string title, IReadOnlyList<RestartOutcome> restarts, IReadOnlyList<BasinMinimum> minima)
    {
        int categories = minima.Count;
        var counts = new int[categories + 1]; // the last slot counts restarts that reached none
        foreach (var r in restarts) counts[r.Minimum >= 0 && r.Minimum < categories ? r.Minimum : categories]++;
        bool anyNone = counts[categories] > 0;
        var barMarks = new List<Mark>();
        var names = new List<(double, string)>();
        for (int k = 0; k <= categories; k++)
        {
            if (k == categories && !anyNone) break;
            var color = k < categories ? BasinsFigure.BasinColor(k) : Palette.Missing;
            string name = k < categories ? $"min {k + 1}" : "none";
            names.Add((k, name));
            barMarks.Add(new RectMark([new DataRect(k - 0.35, 0, k + 0.35, counts[k])], color)
            {
                Label = k < categories ? BasinsFigure.MinimumName(minima[k], k) + $": {counts[k]}" : $"none: {counts[k]}",
            });
        }
        var bars = new Panel(new Axis("minimum reached", -0.6, names.Count - 0.4) { Categories = names },
            new Axis("restarts", 0, Math.Max(1, counts.Max()) * 1.1), barMarks) { Title = "how often each minimum was reached" };

        var sorted = restarts.Where(r => double.IsFinite(r.FinalF)).OrderBy(r => r.FinalF).ToList();
        var endMarks = new List<Mark>();
        for (int k = -1; k < categories; k++)
        {
            var points = sorted.Select((r, rank) => (r, rank)).Where(t => (t.r.Minimum >= 0 && t.r.Minimum < categories ? t.r.Minimum : -1) == k)
                .Select(t => ((double)t.rank + 1, t.r.FinalF)).ToList();
            if (points.Count == 0) continue;
            var color = k >= 0 ? Palette.Category(k) : Rgb.FromHex("#999999");
            endMarks.Add(new ScatterMark(points, MarkerShape.Circle, color) { Size = 7 });
        }
        var ends = new Panel(new Axis("restart, by final f", 0, Math.Max(2, sorted.Count + 1)),
            Axis.FitLogIfSpanning("final f", sorted.Select(r => r.FinalF).DefaultIfEmpty(0)), endMarks) { Title = "final values" };
        return new Figure(title, [bars, ends]) { Width = 900, Height = 720 };
    }
}

using Downhill.Stopping;

namespace Downhill.Plotting;

/// <summary>
/// A learning-rate sweep: final loss against learning rate on a log axis, one line per method. Diverged runs have
/// no final loss; they are marked with a × along the top edge at their learning rate.
/// </summary>
public static class SweepFigure
{
    /// <summary>
    /// Builds the figure from a sweep: lr (or, without an lr axis, the first swept key) across, one line per
    /// setting of the other keys, labelled <paramref name="method"/> when there are none.
    /// </summary>
    public static Figure Build(string title, Analysis.Sweeps.SweepReport report, string method)
    {
        if (report.Axes.Count == 0 || report.Runs.Count == 0) return Build(title, [], "learning rate");
        string key = report.Axes.Any(a => a.Key == "lr") ? "lr" : report.Axes[0].Key;
        var series = report.Runs
            .GroupBy(r => string.Join(" ", r.Settings.Where(s => s.Key != key).Select(s => $"{s.Key}={s.Value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}")))
            .Select(g => new SweepSeries(g.Key.Length == 0 ? method : $"{method} {g.Key}",
                g.Select(r => new SweepPoint(r.Settings.First(s => s.Key == key).Value, r.Run.F,
                    r.Run.Stop == StopReason.Diverged || !double.IsFinite(r.Run.F))).ToList()))
            .ToList();
        var values = report.Runs.Select(r => r.Settings.First(s => s.Key == key).Value).ToList();
        bool log = values.All(v => v > 0) && values.Max() / values.Min() >= 10;
        return Build(title, series, key == "lr" ? "learning rate" : key, log);
    }

    /// <summary>Builds the figure; the swept value is across, on a log axis unless <paramref name="logX"/> is false.</summary>
    public static Figure Build(string title, IReadOnlyList<SweepSeries> series, string xLabel = "learning rate", bool logX = true)
    {
        var finite = series.SelectMany(s => s.Points).Where(p => !p.Diverged && double.IsFinite(p.FinalF)).Select(p => p.FinalF).ToList();
        var rates = series.SelectMany(s => s.Points).Select(p => p.LearningRate).Where(r => double.IsFinite(r) && (!logX || r > 0)).ToList();
        if (rates.Count == 0) rates = [1e-3, 1];
        var yAxis = Axis.FitLogIfSpanning("final f", finite.Count > 0 ? finite : [0, 1]);
        // Diverged runs sit just inside the top of the plot, above every finite end value.
        double top = yAxis.Max;
        yAxis = yAxis.Scale == AxisScale.Log ? yAxis with { Max = yAxis.Max * 4 } : yAxis with { Max = yAxis.Max + 0.08 * (yAxis.Max - yAxis.Min) };
        double divergedY = yAxis.Scale == AxisScale.Log ? top * 2 : top + 0.04 * (yAxis.Max - yAxis.Min);
        var marks = new List<Mark>();
        var diverged = new List<(double, double)>();
        for (int k = 0; k < series.Count; k++)
        {
            var color = Palette.Category(k);
            var ok = series[k].Points.Where(p => !p.Diverged && double.IsFinite(p.FinalF)).OrderBy(p => p.LearningRate).Select(p => (p.LearningRate, p.FinalF)).ToList();
            marks.Add(new LineMark(ok, color) { Label = series[k].Label });
            marks.Add(new ScatterMark(ok, MarkerShape.Circle, color));
            diverged.AddRange(series[k].Points.Where(p => p.Diverged || !double.IsFinite(p.FinalF)).Select(p => (p.LearningRate, divergedY)));
        }
        if (diverged.Count > 0)
            marks.Add(new ScatterMark(diverged, Styles.Diverged, Styles.DivergedColor) { Label = "diverged", Size = 11 });
        // The best run (lowest final f of all) is starred, as the command's table marks it "← best".
        var best = series.SelectMany(s => s.Points).Where(p => !p.Diverged && double.IsFinite(p.FinalF)).OrderBy(p => p.FinalF).Select(p => (SweepPoint?)p).FirstOrDefault();
        if (best is { } b)
            marks.Add(new ScatterMark([(b.LearningRate, b.FinalF)], MarkerShape.Star, Rgb.Black)
            {
                Label = $"best: {xLabel} {b.LearningRate.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}",
                Size = 14,
            });
        var xAxis = logX ? new Axis(xLabel, rates.Min() / 1.6, rates.Max() * 1.6, AxisScale.Log) : Axis.Fit(xLabel, rates);
        return new Figure(title, [new Panel(xAxis, yAxis, marks)]);
    }
}

namespace Downhill.Plotting;

/// <summary>
/// A learning-rate sweep: final loss against learning rate on a log axis, one line per method. Diverged runs have
/// no final loss; they are marked with a × along the top edge at their learning rate.
/// </summary>
public static class SweepFigure
{
    public static Figure Build(string title, IReadOnlyList<SweepSeries> series)
    {
        var finite = series.SelectMany(s => s.Points).Where(p => !p.Diverged && double.IsFinite(p.FinalF)).Select(p => p.FinalF).ToList();
        var rates = series.SelectMany(s => s.Points).Select(p => p.LearningRate).Where(r => r > 0 && double.IsFinite(r)).ToList();
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
        var xAxis = new Axis("learning rate", rates.Min() / 1.6, rates.Max() * 1.6, AxisScale.Log);
        return new Figure(title, [new Panel(xAxis, yAxis, marks)]);
    }
}

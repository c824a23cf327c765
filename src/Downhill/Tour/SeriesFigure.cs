using Downhill.Plotting;

namespace Downhill.Tour;

/// <summary>A named line of (x, y) points for <see cref="SeriesFigure"/>.</summary>
public sealed record Series(string Label, IReadOnlyList<(double X, double Y)> Points, LineDash Dash = LineDash.Solid);

/// <summary>A plain line chart of a few measured series against one variable (shares by dimension, chance by restarts).</summary>
public static class SeriesFigure
{
    /// <summary>Series of (x, y) on one axis.</summary>
    public static Figure Build(string title, string xLabel, string yLabel, IReadOnlyList<Series> series, (double Min, double Max)? yRange = null)
    {
        var marks = new List<Mark>();
        for (int k = 0; k < series.Count; k++)
        {
            var color = Palette.Category(k);
            marks.Add(new LineMark(series[k].Points, color) { Label = series[k].Label, Dash = series[k].Dash });
            marks.Add(new ScatterMark(series[k].Points, MarkerShape.Circle, color));
        }
        var xs = series.SelectMany(s => s.Points).Select(p => p.X).ToList();
        var ys = series.SelectMany(s => s.Points).Select(p => p.Y).ToList();
        var yAxis = yRange is { } r ? new Axis(yLabel, r.Min, r.Max) : Axis.Fit(yLabel, ys);
        return new Figure(title, [new Panel(Axis.Fit(xLabel, xs), yAxis, marks)]);
    }
}

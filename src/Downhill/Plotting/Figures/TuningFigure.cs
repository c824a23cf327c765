using Downhill.Analysis.Tuning;

namespace Downhill.Plotting;

/// <summary>
/// A tuning history: the best score so far against trial (with every trial's score behind it), and for each
/// hyperparameter the values sampled in each round inside that round's range, which narrows as tuning closes in.
/// </summary>
public static class TuningFigure
{
    /// <summary>The figure from trials and the ranges each round drew from; <paramref name="maximize"/>: a higher score is better.</summary>
    public static Figure Build(string title, IReadOnlyList<TuningTrial> trials, IReadOnlyList<TuningRange> ranges, bool maximize = false)
    {
        var ordered = trials.OrderBy(t => t.Trial).ToList();
        var best = new List<(double, double)>();
        double bestSoFar = maximize ? double.NegativeInfinity : double.PositiveInfinity;
        foreach (var t in ordered)
        {
            if (double.IsFinite(t.Score) && (maximize ? t.Score > bestSoFar : t.Score < bestSoFar)) bestSoFar = t.Score;
            if (double.IsFinite(bestSoFar)) best.Add((t.Trial, bestSoFar));
        }
        var scores = ordered.Where(t => double.IsFinite(t.Score)).Select(t => ((double)t.Trial, t.Score)).ToList();
        var failed = ordered.Where(t => !double.IsFinite(t.Score)).Select(t => (double)t.Trial).ToList();
        var scoreAxis = Axis.FitLogIfSpanning(maximize ? "score (higher is better)" : "score (lower is better)", scores.Select(s => s.Score).DefaultIfEmpty(1));
        var historyMarks = new List<Mark>
        {
            new ScatterMark(scores, MarkerShape.Circle, Rgb.FromHex("#9a9a9a")) { Label = "trial", Size = 6 },
            new LineMark(Staircase(best), Palette.Category(0)) { Label = "best so far", Width = 2.2 },
        };
        if (failed.Count > 0)
            historyMarks.Add(new ScatterMark(failed.Select(x => (x, DivergedRow(scoreAxis))).ToList(), Styles.Diverged, Styles.DivergedColor)
            {
                Label = "diverged", Size = 10,
            });
        double lastTrial = ordered.Count > 0 ? ordered[^1].Trial : 1;
        var panels = new List<Panel>
        {
            new(new Axis("trial", ordered.Count > 0 ? ordered[0].Trial - 0.5 : 0, lastTrial + 0.5), scoreAxis, historyMarks) { Title = "best so far" },
        };
        var names = ordered.SelectMany(t => t.Settings).Select(s => s.Key).Concat(ranges.Select(r => r.Name)).Distinct().ToList();
        int rounds = Math.Max(ordered.Select(t => t.Round).DefaultIfEmpty(0).Max(), ranges.Select(r => r.Round).DefaultIfEmpty(0).Max());
        foreach (string name in names) panels.Add(SettingPanel(name, ordered, ranges, rounds));
        int columns = panels.Count > 1 ? 2 : 1;
        int rows = (panels.Count + columns - 1) / columns;
        return new Figure(title, panels) { Columns = columns, Width = 980, Height = Math.Max(480, 330 * rows) };
    }

    private static Panel SettingPanel(string name, IReadOnlyList<TuningTrial> trials, IReadOnlyList<TuningRange> ranges, int rounds)
    {
        var values = trials.SelectMany(t => t.Settings.Where(s => s.Key == name).Select(s => ((double)t.Round, s.Value))).ToList();
        var own = ranges.Where(r => r.Name == name).ToList();
        var extent = values.Select(v => v.Item2).Concat(own.SelectMany(r => new[] { r.Low, r.High })).ToList();
        var axis = own.Any(r => r.Log) && extent.All(v => v > 0)
            ? new Axis(name, extent.Min() / 1.5, extent.Max() * 1.5, AxisScale.Log)
            : Axis.FitLogIfSpanning(name, extent, decades: 1);
        var marks = new List<Mark>
        {
            new RectMark(own.Select(r => new DataRect(r.Round - 0.3, r.Low, r.Round + 0.3, r.High)).ToList(), Palette.Category(5))
            {
                Label = "sampled range", Opacity = 0.3,
            },
            new ScatterMark(values, MarkerShape.Circle, Palette.Category(0)) { Label = "sampled value", Size = 6 },
        };
        return new Panel(new Axis("round", 0.4, Math.Max(1, rounds) + 0.6)
        {
            Categories = Enumerable.Range(1, Math.Max(1, rounds)).Select(r => ((double)r, r.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList(),
        }, axis, marks) { Title = name };
    }

    /// <summary>
    /// Builds the figure from a tuning study: trials numbered in draw order, rounds from 1. Numeric hyperparameters get
    /// a panel each; choices that are not numbers (activations, models) are left out of the panels.
    /// </summary>
    public static Figure Build(string title, TuneReport report)
    {
        var trials = new List<TuningTrial>();
        var ranges = new List<TuningRange>();
        for (int r = 0; r < report.Rounds.Count; r++)
        {
            var round = report.Rounds[r];
            ranges.AddRange(round.Ranges.Where(s => !s.IsChoice).Select(s => new TuningRange(r + 1, s.Name, s.Low, s.High, s.Scale == RangeScale.Log)));
            trials.AddRange(round.Trials.Select(t => new TuningTrial(trials.Count + 1, r + 1,
                t.Settings.Where(s => !double.IsNaN(s.Value) && s.Choice is null).Select(s => new KeyValuePair<string, double>(s.Name, s.Value)).ToList(), t.Score)));
        }
        return Build(title, trials, ranges, report.Maximize);
    }

    /// <summary>Just inside the top of the score axis, where failed trials are marked.</summary>
    private static double DivergedRow(Axis axis) =>
        axis.Scale == AxisScale.Log ? axis.Max / Math.Pow(axis.Max / axis.Min, 0.03) : axis.Max - 0.03 * (axis.Max - axis.Min);

    /// <summary>A step line: the best stays level until the trial that improves it.</summary>
    private static List<(double, double)> Staircase(List<(double X, double Y)> points)
    {
        var steps = new List<(double, double)>();
        for (int k = 0; k < points.Count; k++)
        {
            if (k > 0) steps.Add((points[k].X, points[k - 1].Y));
            steps.Add(points[k]);
        }
        return steps;
    }
}

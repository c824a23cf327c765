using Downhill.Running;

namespace Downhill.Plotting;

/// <summary>
/// Loss against iteration for several runs over the gradient norm against iteration — the pair of plots one
/// reads to decide when to stop. Either axis is logarithmic when its values span decades; so is the iteration axis
/// when the runs' lengths differ by two decades or more (Newton's 20 steps beside gradient descent's 20,000), where
/// iteration 0 is left out. Past seven runs the colours repeat with dashes, then dots, so each run stays its own;
/// a diverged run ends in a × where it was last finite.
/// </summary>
public static class LossFigure
{
    /// <summary>Loss curves on one axis.</summary>
    public static Figure Build(string title, IReadOnlyList<LossCurve> curves)
    {
        var lossMarks = new List<Mark>();
        var normMarks = new List<Mark>();
        var lossDiverged = new List<(double, double)>();
        var normDiverged = new List<(double, double)>();
        for (int k = 0; k < curves.Count; k++)
        {
            var curve = curves[k];
            var (color, dash) = SeriesStyle(k);
            var loss = curve.Points.Select(p => ((double)p.Iteration, p.F)).ToList();
            var norm = curve.Points.Select(p => ((double)p.Iteration, p.GradientNorm)).ToList();
            lossMarks.Add(new LineMark(loss, color) { Label = curve.Label, Dash = dash });
            normMarks.Add(new LineMark(norm, color) { Label = curve.Label, Dash = dash });
            if (curve.Diverged)
            {
                AddLastFinite(loss, lossDiverged);
                AddLastFinite(norm, normDiverged);
            }
        }
        var xAxis = IterationAxis(curves);
        var lossAxis = Axis.FitLogIfSpanning("f", Bounded(curves, p => p.F));
        var normAxis = Axis.FitLogIfSpanning("‖∇f‖", Bounded(curves, p => p.GradientNorm));
        // A run that blew up past the top of the axis gets its × on the top edge, where it can be seen.
        if (lossDiverged.Count > 0)
            lossMarks.Add(new ScatterMark(Clamp(lossDiverged, lossAxis), Styles.Diverged, Styles.DivergedColor) { Label = "diverged", Size = 11 });
        if (normDiverged.Count > 0)
            normMarks.Add(new ScatterMark(Clamp(normDiverged, normAxis), Styles.Diverged, Styles.DivergedColor) { Label = "diverged", Size = 11 });
        return new Figure(title, [
            new Panel(xAxis, lossAxis, lossMarks) { Title = "loss" },
            new Panel(xAxis, normAxis, normMarks) { Title = "gradient norm" },
        ]) { Height = 640 };
    }

    /// <summary>Solid lines in the seven colours that read on white, then dashed, then dotted.</summary>
    internal static (Rgb Color, LineDash Dash) SeriesStyle(int k)
    {
        const int colors = 7;  // the categorical palette without its faint yellow
        return (Palette.Category(k % colors), (k / colors % 3) switch { 0 => LineDash.Solid, 1 => LineDash.Dashed, _ => LineDash.Dotted });
    }

    /// <summary>
    /// Linear from 0 to the longest run; logarithmic from 1 when the longest run is 100 or more times the shortest, so
    /// a run of a few steps is not a sliver at the left edge.
    /// </summary>
    internal static Axis IterationAxis(IReadOnlyList<LossCurve> curves)
    {
        var lengths = curves.Where(c => c.Points.Count > 0).Select(c => (double)c.Points[^1].Iteration).ToList();
        double longest = lengths.DefaultIfEmpty(0).Max();
        double shortest = lengths.DefaultIfEmpty(0).Min();
        return longest >= 100 * Math.Max(shortest, 1)
            ? new Axis("iteration", 1, longest, AxisScale.Log)
            : new Axis("iteration", 0, Math.Max(1, longest));
    }

    /// <summary>Builds the figure from run results (minimize's one run, compare's several).</summary>
    public static Figure Build(string title, IEnumerable<RunResult> runs) =>
        Build(title, runs.Select(r => RunAdapters.ToLossCurve(r)).ToList());

    // A blow-up to 1e300 would flatten every other curve: the axis stops at 1e4 times the largest starting value
    // (the first point of each curve), and the blow-up leaves through the top. The scale is at least 1, so a curve
    // that starts near 0 and falls to −1 (a plateau such as Easom's) stays on the axis.
    private static IEnumerable<double> Bounded(IReadOnlyList<LossCurve> curves, Func<LossPoint, double> value)
    {
        var starts = curves.Select(c => c.Points.Select(value).FirstOrDefault(double.IsFinite, double.NaN)).Where(double.IsFinite).ToList();
        double cap = starts.Count == 0 ? double.PositiveInfinity : 1e4 * Math.Max(starts.Max(Math.Abs), 1.0);
        return curves.SelectMany(c => c.Points).Select(value).Where(v => double.IsFinite(v) && Math.Abs(v) <= cap);
    }

    private static List<(double, double)> Clamp(List<(double X, double Y)> points, Axis axis) =>
        points.Select(p => (p.X, Math.Min(p.Y, axis.Scale == AxisScale.Log ? axis.Max / Math.Pow(axis.Max / axis.Min, 0.02) : axis.Max - 0.02 * (axis.Max - axis.Min)))).ToList();

    private static void AddLastFinite(List<(double X, double Y)> points, List<(double, double)> into)
    {
        for (int k = points.Count - 1; k >= 0; k--)
            if (double.IsFinite(points[k].Y))
            {
                into.Add(points[k]);
                return;
            }
    }
}

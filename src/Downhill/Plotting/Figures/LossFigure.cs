using Downhill.Running;

namespace Downhill.Plotting;

/// <summary>
/// Loss against iteration for several runs over the gradient norm against iteration — the pair of plots one
/// reads to decide when to stop. Either axis is logarithmic when its values span decades; a diverged run ends
/// in a × where it was last finite.
/// </summary>
public static class LossFigure
{
    public static Figure Build(string title, IReadOnlyList<LossCurve> curves)
    {
        var lossMarks = new List<Mark>();
        var normMarks = new List<Mark>();
        var lossDiverged = new List<(double, double)>();
        var normDiverged = new List<(double, double)>();
        for (int k = 0; k < curves.Count; k++)
        {
            var curve = curves[k];
            var color = Palette.Category(k);
            var loss = curve.Points.Select(p => ((double)p.Iteration, p.F)).ToList();
            var norm = curve.Points.Select(p => ((double)p.Iteration, p.GradientNorm)).ToList();
            lossMarks.Add(new LineMark(loss, color) { Label = curve.Label });
            normMarks.Add(new LineMark(norm, color) { Label = curve.Label });
            if (curve.Diverged)
            {
                AddLastFinite(loss, lossDiverged);
                AddLastFinite(norm, normDiverged);
            }
        }
        if (lossDiverged.Count > 0)
            lossMarks.Add(new ScatterMark(lossDiverged, Styles.Diverged, Styles.DivergedColor) { Label = "diverged", Size = 11 });
        if (normDiverged.Count > 0)
            normMarks.Add(new ScatterMark(normDiverged, Styles.Diverged, Styles.DivergedColor) { Label = "diverged", Size = 11 });
        var iterations = curves.SelectMany(c => c.Points).Select(p => (double)p.Iteration).DefaultIfEmpty(0).ToList();
        var xAxis = new Axis("iteration", 0, Math.Max(1, iterations.Max()));
        var all = curves.SelectMany(c => c.Points).ToList();
        return new Figure(title, [
            new Panel(xAxis, Axis.FitLogIfSpanning("f", Bounded(all.Select(p => p.F))), lossMarks) { Title = "loss" },
            new Panel(xAxis, Axis.FitLogIfSpanning("‖∇f‖", Bounded(all.Select(p => p.GradientNorm))), normMarks) { Title = "gradient norm" },
        ]) { Height = 640 };
    }

    /// <summary>Builds the figure from run results (minimize's one run, compare's several).</summary>
    public static Figure Build(string title, IEnumerable<RunResult> runs) =>
        Build(title, runs.Select(r => RunAdapters.ToLossCurve(r)).ToList());

    // A blow-up to 1e300 would flatten every other curve: values beyond 1e12 times the first ones are not drawn.
    private static IEnumerable<double> Bounded(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0) return finite;
        double reference = finite.Select(Math.Abs).Take(Math.Max(1, finite.Count / 10)).Max();
        double cap = Math.Max(1e12 * Math.Max(reference, 1e-300), 1);
        return finite.Where(v => Math.Abs(v) <= cap);
    }

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

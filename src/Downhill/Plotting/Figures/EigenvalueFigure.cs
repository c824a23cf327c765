namespace Downhill.Plotting;

/// <summary>
/// The Hessian eigenvalues of each critical point, side by side: all positive is a minimum, all negative a maximum,
/// mixed signs a saddle, a zero a degenerate point. Positive values are blue, negative vermillion, near-zero grey.
/// </summary>
public static class EigenvalueFigure
{
    /// <summary>Eigenvalues of each set, with the zero band of <paramref name="zeroTolerance"/>.</summary>
    public static Figure Build(string title, IReadOnlyList<EigenvalueSet> points, double zeroTolerance = 1e-8)
    {
        var positive = new List<(double, double)>();
        var negative = new List<(double, double)>();
        var zero = new List<(double, double)>();
        for (int k = 0; k < points.Count; k++)
            foreach (double e in points[k].Eigenvalues)
                (Math.Abs(e) <= zeroTolerance ? zero : e > 0 ? positive : negative).Add((k, e));
        var all = points.SelectMany(p => p.Eigenvalues).Where(double.IsFinite).Append(0).ToList();
        var marks = new List<Mark>
        {
            new LineMark([(-0.6, 0), (points.Count - 0.4, 0)], Rgb.FromHex("#888888")) { Width = 1, Dash = LineDash.Dashed },
        };
        if (positive.Count > 0) marks.Add(new ScatterMark(positive, MarkerShape.Circle, Palette.Category(0)) { Label = "λ > 0", Size = 9 });
        if (negative.Count > 0) marks.Add(new ScatterMark(negative, MarkerShape.Circle, Palette.Category(1)) { Label = "λ < 0", Size = 9 });
        if (zero.Count > 0) marks.Add(new ScatterMark(zero, MarkerShape.Diamond, Rgb.FromHex("#777777")) { Label = "λ ≈ 0", Size = 9 });
        var categories = points.Select((p, k) => ((double)k, $"{p.Label} ({p.Kind})")).ToList();
        var panel = new Panel(new Axis("critical point", -0.6, Math.Max(1, points.Count) - 0.4) { Categories = categories },
            Axis.Fit("Hessian eigenvalue λ", all, 0.1), marks);
        return new Figure(title, [panel]) { Width = Math.Clamp(110 * points.Count + 240, 640, 1200) };
    }
}

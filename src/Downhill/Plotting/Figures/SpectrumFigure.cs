using Downhill.Curvature;

namespace Downhill.Plotting;

/// <summary>
/// A Hessian's spectrum: the eigenvalue density (stochastic Lanczos quadrature) on a log scale, so the few outliers
/// show beside the bulk near zero, with the computed extreme eigenvalues marked along the bottom (positive blue,
/// negative vermillion) and zero dashed; without a density, the extreme eigenvalues by rank.
/// </summary>
public static class SpectrumFigure
{
    /// <summary>The eigenvalues and density of a curvature report.</summary>
    public static Figure Build(string title, CurvatureReport report, string? subtitle = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var eigenvalues = report.Top.Concat(report.Bottom).Select(e => e.Value).Where(double.IsFinite).Distinct().ToList();
        var panel = report.Density is { Probes: > 0 } density ? DensityPanel(density, eigenvalues) : RankPanel(report);
        return new Figure(title, [panel]) { Subtitle = subtitle, Width = 820, Height = 520 };
    }

    private static Panel DensityPanel(Curvature.Spectra.DensityEstimate density, List<double> eigenvalues)
    {
        double peak = density.Y.Max();
        double floor = Math.Max(peak * 1e-7, double.Epsilon);
        var points = density.X.Zip(density.Y, (x, y) => (x, Math.Max(y, floor))).ToList();
        var xs = density.X.Concat(eigenvalues).ToList();
        var x = Axis.Fit("eigenvalue λ", xs, 0.02);
        var y = new Axis("density (log scale)", floor, peak * 3, AxisScale.Log);
        var marks = new List<Mark>
        {
            new LineMark([(0, floor), (0, peak * 3)], Rgb.FromHex("#888888")) { Width = 1, Dash = LineDash.Dashed },
            new LineMark(points, Palette.Category(2)) { Label = $"density ({density.Probes} probes, σ = {density.Sigma:G2})", Width = 2 },
        };
        double baseline = floor * 1.6;
        AddEigenvalues(marks, eigenvalues.Select(v => (v, baseline)).ToList(), p => p.X);
        return new Panel(x, y, marks);
    }

    private static Panel RankPanel(CurvatureReport report)
    {
        var ranked = report.Top.Select((e, k) => ((double)(k + 1), e.Value))
            .Concat(report.Bottom.Select((e, k) => ((double)(-(k + 1)), e.Value))).ToList();
        var values = ranked.Select(p => p.Item2).Append(0).ToList();
        var marks = new List<Mark>
        {
            new LineMark([(ranked.Min(p => p.Item1) - 0.5, 0), (ranked.Max(p => p.Item1) + 0.5, 0)], Rgb.FromHex("#888888")) { Width = 1, Dash = LineDash.Dashed },
        };
        AddEigenvalues(marks, ranked, p => p.Y);
        return new Panel(Axis.Fit("rank (largest 1, 2, …; smallest −1, −2, …)", ranked.Select(p => p.Item1), 0.08),
            Axis.Fit("eigenvalue λ", values, 0.1), marks);
    }

    /// <summary>The eigenvalues as points, coloured by sign; <paramref name="value"/> reads the eigenvalue from a point.</summary>
    private static void AddEigenvalues(List<Mark> marks, List<(double X, double Y)> points, Func<(double X, double Y), double> value)
    {
        var positive = points.Where(p => value(p) > 0).ToList();
        var negative = points.Where(p => value(p) <= 0).ToList();
        if (positive.Count > 0) marks.Add(new ScatterMark(positive, MarkerShape.Circle, Palette.Category(0)) { Label = "computed λ > 0", Size = 8 });
        if (negative.Count > 0) marks.Add(new ScatterMark(negative, MarkerShape.Circle, Palette.Category(1)) { Label = "computed λ ≤ 0", Size = 8 });
    }
}

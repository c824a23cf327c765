using Downhill.Analysis;

namespace Downhill.Plotting;

/// <summary>Turns critical-point reports into the plain inputs the figures draw.</summary>
public static class AnalysisAdapters
{
    /// <summary>"minimum", "maximum", "saddle" or "degenerate".</summary>
    public static string KindName(CriticalPointKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Critical points as markers (their first two coordinates).</summary>
    public static IReadOnlyList<CriticalPointMark> ToMarks(IEnumerable<CriticalPoint> points) =>
        points.Select(p => new CriticalPointMark(p.X.ToArray(), KindName(p.Kind))).ToList();

    /// <summary>Each critical point's Hessian eigenvalues, labelled P1, P2, … in the report's order.</summary>
    public static IReadOnlyList<EigenvalueSet> ToEigenvalues(IEnumerable<CriticalPoint> points) =>
        points.Select((p, k) => new EigenvalueSet($"P{k + 1}", KindName(p.Kind), p.Curvature.Eigenvalues)).ToList();

    /// <summary>The eigenvalue figure of a report, with the zero band it classified by.</summary>
    public static Figure EigenvalueFigure(string title, CriticalPointReport report) =>
        Plotting.EigenvalueFigure.Build(title, ToEigenvalues(report.Points),
            report.Points.Select(p => p.Curvature.Tolerance).DefaultIfEmpty(1e-8).Max());
}

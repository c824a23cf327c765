using Downhill.Functions;
using Downhill.Plotting;
using Downhill.Running;

namespace Downhill.Tour;

/// <summary>
/// The library's figures with the lessons' short labels ("gd:lr=0.001") in place of every hyperparameter a run
/// records, so that legends stay readable when several runs share a plot.
/// </summary>
public static class TourFigures
{
    /// <summary>Filled contours of a two-variable function with the labelled paths of <paramref name="runs"/>.</summary>
    public static Figure Contour(string title, ResolvedFunction function, IReadOnlyList<RunResult> runs, IReadOnlyList<string> labels,
        IReadOnlyList<CriticalPointMark> criticalPoints, IReadOnlyList<(double Low, double High)>? bounds = null)
    {
        var box = bounds ?? TourRuns.Bounds(function);
        var grid = ScalarGrid.Sample(function.Objective, box[0], box[1], 121, 121);
        return ContourFigure.Build(title, grid, Paths(runs, labels), criticalPoints,
            (function.Objective.Variables[0], function.Objective.Variables[1]));
    }

    /// <summary>The shaded surface of a two-variable function with the labelled paths of <paramref name="runs"/>.</summary>
    public static Figure Surface(string title, ResolvedFunction function, IReadOnlyList<RunResult> runs, IReadOnlyList<string> labels)
    {
        var box = TourRuns.Bounds(function);
        var grid = ScalarGrid.Sample(function.Objective, box[0], box[1], 41, 41);
        var point = new double[2];
        double F(double x, double y) { point[0] = x; point[1] = y; return function.Objective.Value(point); }
        return SurfaceFigure.Build(title, grid, Paths(runs, labels), F,
            variables: (function.Objective.Variables[0], function.Objective.Variables[1]));
    }

    /// <summary>Loss and gradient norm by iteration for labelled runs.</summary>
    public static Figure Loss(string title, IReadOnlyList<RunResult> runs, IReadOnlyList<string> labels) =>
        LossFigure.Build(title, runs.Select((r, k) => RunAdapters.ToLossCurve(r, labels[k] + (r.DivergedAt is null ? "" : " (diverged)"))).ToList());

    /// <summary>A one-variable function over its derivative with the steps of <paramref name="run"/>, subtitled with <paramref name="label"/>.</summary>
    public static Figure Curve(string name, ResolvedFunction function, (double Low, double High) bounds, RunResult run, string label, double? exactMinimum = null) =>
        CurveFigure.Build(name, function.Objective, bounds, run, exactMinimum) with
        {
            Subtitle = $"{label} from x₀ = {Numbers.G(run.Start[0])}: {Numbers.N(run.Iterations)} iterations, f = {Numbers.G(run.F, 6)}, stop: {run.Stop.ToName()}",
        };

    private static List<Path2D> Paths(IReadOnlyList<RunResult> runs, IReadOnlyList<string> labels) =>
        runs.Select((r, k) => RunAdapters.ToPath(r, labels[k])).ToList();
}

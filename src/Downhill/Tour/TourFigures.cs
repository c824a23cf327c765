using Downhill.Functions;
using Downhill.Plotting;
using Downhill.Running;
using Downhill.Stopping;

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
        var grid = FloorRefinement.Refine(ScalarGrid.Sample(function.Objective, box[0], box[1], 121, 121), function.Objective);
        return ContourFigure.Build(title, grid, Paths(runs, labels), criticalPoints,
            (function.Objective.Variables[0], function.Objective.Variables[1]));
    }

    /// <summary>The shaded surface of a two-variable function with the labelled paths of <paramref name="runs"/>.</summary>
    public static Figure Surface(string title, ResolvedFunction function, IReadOnlyList<RunResult> runs, IReadOnlyList<string> labels)
    {
        var box = TourRuns.Bounds(function);
        var grid = ScalarGrid.Sample(function.Objective, box[0], box[1], 41, 41);
        return SurfaceFigure.Build(title, grid, Paths(runs, labels), ScalarGrid.Of(function.Objective),
            variables: (function.Objective.Variables[0], function.Objective.Variables[1]));
    }

    /// <summary>Loss and gradient norm by iteration for labelled runs.</summary>
    public static Figure Loss(string title, IReadOnlyList<RunResult> runs, IReadOnlyList<string> labels)
    {
        var figure = LossFigure.Build(title, runs.Select((r, k) => RunAdapters.ToLossCurve(r, labels[k] + (r.DivergedAt is null ? "" : " (diverged)"))).ToList());
        if (runs.Any(r => r.DivergedAt is not null)) return figure;
        // LossFigure bounds its f axis by 1e4·|f₀| so that a blow-up cannot flatten the other curves; a run without one
        // that starts near f = 0 and falls to −1 (Easom) would leave through the bottom, so its axis is fitted to all of f.
        var values = runs.SelectMany(r => r.Trace).Select(t => t.F).Where(double.IsFinite).ToList();
        var loss = figure.Panels[0];
        return values.All(v => v >= loss.Y.Min && v <= loss.Y.Max)
            ? figure
            : figure with { Panels = [loss with { Y = Axis.FitLogIfSpanning("f", values) }, .. figure.Panels.Skip(1)] };
    }

    /// <summary>
    /// The loss figure of one run with a marker where each of several stopping rules would have ended it: the runs
    /// under the other rules are that run's prefixes, so drawn as lines they would hide one another.
    /// </summary>
    public static Figure StoppingPoints(string title, RunResult longest, string label, IReadOnlyList<(string Rule, RunResult Run)> stops)
    {
        var figure = Loss(title, [longest], [label]);
        var panels = figure.Panels.Select((panel, p) => panel with
        {
            Marks =
            [
                .. panel.Marks,
                .. stops.Select((stop, k) => new ScatterMark(
                    [((double)stop.Run.Iterations, p == 0 ? stop.Run.F : stop.Run.GradientNorm)], MarkerShape.Diamond, Palette.Category(k + 1))
                {
                    Label = $"{stop.Rule}: iteration {Numbers.N(stop.Run.Iterations)}", Size = 11, Stroke = Rgb.Black,
                }),
            ],
        }).ToList();
        return figure with { Panels = panels };
    }

    /// <summary>A one-variable function over its derivative with the steps of <paramref name="run"/>, subtitled with <paramref name="label"/>.</summary>
    public static Figure Curve(string name, ResolvedFunction function, (double Low, double High) bounds, RunResult run, string label, double? exactMinimum = null) =>
        CurveFigure.Build(name, function.Objective, bounds, run, exactMinimum) with
        {
            Subtitle = $"{label} from x₀ = {Numbers.G(run.Start[0])}: {Numbers.N(run.Iterations)} iterations, f = {Numbers.G(run.F, 6)}, stop: {run.Stop.ToName()}",
        };

    private static List<Path2D> Paths(IReadOnlyList<RunResult> runs, IReadOnlyList<string> labels) =>
        runs.Select((r, k) => RunAdapters.ToPath(r, labels[k])).ToList();
}

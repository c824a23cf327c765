using Downhill.Analysis;
using Downhill.Functions;
using Downhill.Running;

namespace Downhill.Plotting;

/// <summary>What a command that ran methods draws of them.</summary>
public enum RunFigureKind
{
    /// <summary>The kind that suits the function: a curve (one variable, one run), a contour map (two), else loss.</summary>
    Auto,
    /// <summary>f along the run (one variable).</summary>
    Curve,
    /// <summary>The path over contours of f (two variables).</summary>
    Contour,
    /// <summary>The path over the surface of f (two variables).</summary>
    Surface,
    /// <summary>Loss and gradient norm against iteration.</summary>
    Loss,
}

/// <summary>The figures of runs on a function: the path on the landscape, or the loss curves.</summary>
public static class RunFigures
{
    /// <summary>Reads a kind name: auto, curve, contour, surface or loss.</summary>
    /// <exception cref="InputException">Not one of those.</exception>
    public static RunFigureKind ParseKind(string text) => text.ToLowerInvariant() switch
    {
        "auto" => RunFigureKind.Auto,
        "curve" => RunFigureKind.Curve,
        "contour" => RunFigureKind.Contour,
        "surface" => RunFigureKind.Surface,
        "loss" => RunFigureKind.Loss,
        _ => throw new InputException($"{new ParameterName("plot kind")}: '{text}' is not auto, curve, contour, surface or loss"),
    };

    /// <summary>Checks, before anything runs, that <paramref name="kind"/> can show <paramref name="runCount"/> runs of a function of <paramref name="dimension"/> variables.</summary>
    /// <exception cref="InputException">It cannot.</exception>
    public static void Check(RunFigureKind kind, int dimension, int runCount)
    {
        if (kind == RunFigureKind.Curve && runCount > 1)
            throw new InputException($"a curve shows one run's steps, not {runCount}; draw loss, or a contour for 2 variables");
        if (kind == RunFigureKind.Curve && dimension != 1)
            throw new InputException($"a curve needs a function of 1 variable; this one has {dimension} (use contour, surface or loss)");
        if (kind is RunFigureKind.Contour or RunFigureKind.Surface && dimension != 2)
            throw new InputException($"a {kind.ToString().ToLowerInvariant()} needs a function of 2 variables; this one has {dimension} (use loss)");
    }

    /// <summary>Builds the figure of <paramref name="runs"/> (all from one start, on <paramref name="function"/>).</summary>
    /// <exception cref="InputException">The kind does not suit the function's dimension or the number of runs.</exception>
    public static Figure Build(ResolvedFunction function, IReadOnlyList<RunResult> runs, RunFigureKind kind = RunFigureKind.Auto)
    {
        int n = function.Dimension;
        Check(kind, n, runs.Count);
        if (kind == RunFigureKind.Auto)
            kind = n == 1 && runs.Count == 1 ? RunFigureKind.Curve : n == 2 ? RunFigureKind.Contour : RunFigureKind.Loss;
        switch (kind)
        {
            case RunFigureKind.Loss:
                var loss = LossFigure.Build($"{function.Name}: loss and gradient norm", runs);
                return runs.Count == 1 ? loss with { Subtitle = RunAdapters.Describe(runs[0]) } : loss;
            case RunFigureKind.Curve:
                return FunctionFigures.Build(function, FunctionFigureKind.Curve, FunctionFigures.BoundsAround(function, runs), runs);
            case RunFigureKind.Contour:
                return FunctionFigures.Build(function, FunctionFigureKind.Contour, FunctionFigures.BoundsAround(function, runs), runs);
            default:
                return FunctionFigures.Build(function, FunctionFigureKind.Surface, FunctionFigures.BoundsAround(function, runs), runs);
        }
    }

    /// <summary>
    /// The figure of a critical-point search: for two variables a contour map of the box with the points marked by
    /// kind, otherwise (or when <paramref name="eigenvalues"/>) their Hessian eigenvalues.
    /// </summary>
    public static Figure Build(ResolvedFunction function, Box box, CriticalPointReport report, bool eigenvalues)
    {
        if (eigenvalues || function.Dimension != 2)
            return AnalysisAdapters.EigenvalueFigure($"{function.Name}: Hessian eigenvalues at the critical points", report);
        var bounds = new[] { (box.Low[0], box.High[0]), (box.Low[1], box.High[1]) };
        var figure = ContourFigure.Build(function.Name, function.Objective, bounds, [], AnalysisAdapters.ToMarks(report.Points));
        string subtitle = $"{report.Points.Count} critical points from {report.Starts} starts";
        if (report.BoxMinima.Count == 0) return figure with { Subtitle = subtitle };
        // The minima of f over the box on its edges: not critical points, so drawn apart from them.
        var panel = figure.Panels[0];
        var onTheBoundary = new ScatterMark(report.BoxMinima.Select(m => (m.X[0], m.X[1])).ToList(), MarkerShape.Square, Rgb.White)
        {
            Label = "minimum on the box's edge", Size = 10, Stroke = Rgb.Black,
        };
        return figure with
        {
            Panels = [panel with { Marks = [.. panel.Marks, onTheBoundary] }],
            Subtitle = $"{subtitle}; {report.BoxMinima.Count} minim{(report.BoxMinima.Count == 1 ? "um" : "a")} on the box's edge",
        };
    }
}

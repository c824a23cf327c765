using Downhill.Functions;
using Downhill.Running;

namespace Downhill.Plotting;

/// <summary>The kinds of figure a function alone can be drawn as.</summary>
public enum FunctionFigureKind
{
    /// <summary>f against its one variable.</summary>
    Curve,
    /// <summary>Contours of f over two variables.</summary>
    Contour,
    /// <summary>The surface of f over two variables.</summary>
    Surface,
}

/// <summary>
/// Figures of a resolved function over bounds, with its known critical points and, when given, runs on it:
/// a curve for one variable, a contour map or a surface for two.
/// </summary>
public static class FunctionFigures
{
    /// <summary>The kind that suits the dimension: a curve for one variable, a contour map for two.</summary>
    /// <exception cref="InputException">The function has more than two variables.</exception>
    public static FunctionFigureKind DefaultKind(int dimension) => dimension switch
    {
        1 => FunctionFigureKind.Curve,
        2 => FunctionFigureKind.Contour,
        _ => throw new InputException($"a figure of the function itself needs 1 or 2 variables; this one has {dimension}"),
    };

    /// <summary>Builds the figure.</summary>
    /// <exception cref="InputException">The kind does not suit the function's dimension.</exception>
    public static Figure Build(ResolvedFunction function, FunctionFigureKind kind, IReadOnlyList<Interval> bounds, IReadOnlyList<RunResult> runs,
        SurfaceStyle style = SurfaceStyle.Shaded, Camera? camera = null, int? resolution = null)
    {
        int n = function.Dimension;
        if (kind == FunctionFigureKind.Curve && n != 1)
            throw new InputException($"a curve needs a function of 1 variable; {function.Name} has {n} (use {new ParameterName("figure kind")} contour or surface)");
        if (kind != FunctionFigureKind.Curve && n != 2)
            throw new InputException($"a {kind.ToString().ToLowerInvariant()} needs a function of 2 variables; {function.Name} has {n}");
        string? formula = function.Name == function.Formula ? null : function.Formula;
        string? subtitle = string.Join(" — ", new[] { formula, runs.Count == 1 ? RunAdapters.Describe(runs[0]) : null }.OfType<string>());
        if (subtitle.Length == 0) subtitle = null;
        var ranges = bounds.Select(b => (b.Low, b.High)).ToList();
        var inside = function.KnownPoints.Where(p => p.X.Select((v, i) => bounds[i].Contains(v)).All(b => b)).ToList();
        switch (kind)
        {
            case FunctionFigureKind.Curve:
                var minimum = inside.Where(p => p.IsMinimum).OrderBy(p => p.F).FirstOrDefault();
                return CurveFigure.Build(function.Name, function.Objective, ranges[0], runs.FirstOrDefault(), minimum?.X[0]) with { Subtitle = subtitle };
            case FunctionFigureKind.Contour:
                var marks = inside.Select(p => new CriticalPointMark(p.X.ToArray(), KindName(p.Kind))).ToList();
                return ContourFigure.Build(function.Name, function.Objective, ranges, runs, marks, resolution ?? 121) with { Subtitle = subtitle };
            default:
                return SurfaceFigure.Build(function.Name, function.Objective, ranges, runs, style, camera, resolution ?? 41) with { Subtitle = subtitle };
        }
    }

    /// <summary>
    /// Bounds that show the runs: the function's own bounds (or [−2, 2]) widened to the iterates, with a margin —
    /// but by at most one width each side, so a diverging run does not shrink the landscape to a dot.
    /// </summary>
    public static IReadOnlyList<Interval> BoundsAround(ResolvedFunction function, IReadOnlyList<RunResult> runs)
    {
        var bounds = new Interval[function.Dimension];
        for (int i = 0; i < bounds.Length; i++)
        {
            var own = function.Bounds is { } b ? b[i] : new Interval(-2, 2);
            var values = runs.SelectMany(r => r.Trace).Select(t => t.X[i])
                .Where(v => double.IsFinite(v) && v >= own.Low - own.Width && v <= own.High + own.Width).ToList();
            if (values.Count == 0)
            {
                bounds[i] = own;
                continue;
            }
            double lo = Math.Min(own.Low, values.Min()), hi = Math.Max(own.High, values.Max());
            double margin = (own.Low <= values.Min() && own.High >= values.Max()) ? 0 : 0.05 * (hi - lo);
            bounds[i] = new Interval(lo - margin, hi + margin);
        }
        return bounds;
    }

    private static string KindName(PointKind kind) => kind switch
    {
        PointKind.GlobalMinimum or PointKind.LocalMinimum => "minimum",
        PointKind.Maximum => "maximum",
        PointKind.Saddle => "saddle",
        _ => "degenerate",
    };
}

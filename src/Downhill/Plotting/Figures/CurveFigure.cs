using Downhill.Functions;
using Downhill.Running;

namespace Downhill.Plotting;

/// <summary>
/// A function of one variable over its derivative, in two panels sharing the x axis: the curve with the
/// gradient-descent iterates marked on it, and f′ with the same iterates, where the steps' sizes can be read.
/// </summary>
public static class CurveFigure
{
    /// <summary>Builds the figure from f and f′ as functions.</summary>
    /// <param name="name">The function's name or formula, for the title.</param>
    /// <param name="f">The function.</param>
    /// <param name="derivative">Its derivative.</param>
    /// <param name="bounds">The x range drawn.</param>
    /// <param name="steps">The iterates x₀, x₁, … of a run (may be empty).</param>
    /// <param name="exactMinimum">The exact minimizer, when known.</param>
    public static Figure Build(string name, Func<double, double> f, Func<double, double> derivative, (double Low, double High) bounds,
        IReadOnlyList<double> steps, double? exactMinimum = null)
    {
        const int samples = 400;
        var xs = Enumerable.Range(0, samples + 1).Select(k => bounds.Low + (bounds.High - bounds.Low) * k / samples).ToArray();
        var curve = xs.Select(x => (x, f(x))).ToList();
        var slope = xs.Select(x => (x, derivative(x))).ToList();
        var inside = steps.Where(x => double.IsFinite(x)).ToList();
        var stepPoints = inside.Select(x => (x, f(x))).ToList();
        var stepSlopes = inside.Select(x => (x, derivative(x))).ToList();
        var stepColor = Palette.Category(1);
        var xAxis = new Axis("x", bounds.Low, bounds.High);

        var top = new List<Mark> { new LineMark(curve, Palette.Category(0)) { Label = "f(x)", Width = 2.2 } };
        var bottom = new List<Mark>
        {
            new LineMark([(bounds.Low, 0), (bounds.High, 0)], Rgb.FromHex("#888888")) { Width = 1, Dash = LineDash.Dashed },
            new LineMark(slope, Palette.Category(2)) { Label = "f′(x)", Width = 2.2 },
        };
        if (stepPoints.Count > 0)
        {
            top.Add(new LineMark(stepPoints, stepColor) { Width = 1.1, Dash = LineDash.Dashed });
            top.Add(new ScatterMark(stepPoints, MarkerShape.Circle, stepColor) { Label = $"gradient-descent steps ({stepPoints.Count - 1})" });
            top.Add(new ScatterMark([stepPoints[0]], Styles.Start, Rgb.White) { Label = "start", Stroke = stepColor, Size = 10 });
            bottom.Add(new ScatterMark(stepSlopes, MarkerShape.Circle, stepColor) { Label = "f′ at the steps" });
        }
        if (exactMinimum is { } m && double.IsFinite(m))
        {
            string label = $"exact minimum x* = {TickFormat.Significant(m, 4)}";
            top.Add(new ScatterMark([(m, f(m))], Styles.KnownMinimum, Palette.Category(4)) { Label = label, Size = 14, Stroke = Rgb.Black });
            bottom.Add(new ScatterMark([(m, derivative(m))], Styles.KnownMinimum, Palette.Category(4)) { Label = label, Size = 14, Stroke = Rgb.Black });
        }
        return new Figure($"{name} and its derivative", [
            new Panel(xAxis, Axis.Fit("f(x)", curve.Select(p => p.Item2).Concat(stepPoints.Select(p => p.Item2))), top) { Title = "f(x)" },
            new Panel(xAxis, Axis.Fit("f′(x)", slope.Select(p => p.Item2).Concat(stepSlopes.Select(p => p.Item2)).Append(0)), bottom) { Title = "f′(x)" },
        ]) { Height = 620 };
    }

    /// <summary>Builds the figure for a one-variable objective, with the iterates of <paramref name="run"/> when given.</summary>
    /// <exception cref="InputException">The objective has more than one variable.</exception>
    public static Figure Build(string name, IObjective objective, (double Low, double High) bounds, RunResult? run = null, double? exactMinimum = null)
    {
        if (objective.Dimension != 1)
            throw new InputException($"a curve needs a function of 1 variable; this one has {objective.Dimension}");
        var point = new double[1];
        var gradient = new double[1];
        double F(double x) { point[0] = x; return objective.Value(point); }
        double D(double x) { point[0] = x; objective.ValueAndGradient(point, gradient); return gradient[0]; }
        var steps = run?.Trace.Select(t => t.X[0]).ToList() ?? [];
        var figure = Build(name, F, D, bounds, steps, exactMinimum);
        return run is null ? figure : figure with { Subtitle = RunAdapters.Describe(run) };
    }
}

using System.Xml.Linq;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Plotting;
using Downhill.Running;

namespace Downhill.Tests.Plotting;

/// <summary>Figures built from real runs of the library, the way the README shows.</summary>
public sealed class RunFigureTests
{
    private static List<string> Texts(Figure figure) =>
        XDocument.Parse(SvgRenderer.Render(figure)).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();

    [Fact]
    public void AContourFigureDrawsEachRunsPathAndALossFigureItsCurve()
    {
        var f = FunctionResolver.Resolve("himmelblau", null, null);
        var runs = new[] { Minimizer.Run(f.Objective, [-0.5, 4.5], Methods.Parse("adam:lr=0.3")) };
        var figure = ContourFigure.Build("himmelblau", f.Objective, [(-5, 5), (-5, 5)], runs, criticalPoints: []);
        var path = figure.Panels[0].Marks.OfType<LineMark>().Single();
        Assert.Equal(runs[0].Trace.Count, path.Points.Count);
        Assert.Equal((runs[0].Trace[^1].X[0], runs[0].Trace[^1].X[1]), path.Points[^1]);
        Assert.Contains(Texts(figure), t => t.StartsWith("adam", StringComparison.Ordinal) && t.Contains("lr=0.3", StringComparison.Ordinal));

        var loss = LossFigure.Build("loss", runs);
        Assert.Equal(["loss", "gradient norm"], loss.Panels.Select(p => p.Title));
        // Adam on himmelblau goes from f ≈ 100 to ≈ 0: the loss axis is logarithmic.
        Assert.Equal(AxisScale.Log, loss.Panels[0].Y.Scale);
    }

    [Fact]
    public void ACurveFigureMarksTheIteratesOfAOneVariableRun()
    {
        var f = FunctionResolver.Resolve("parabola", null, null);
        var run = Minimizer.Run(f.Objective, [-1.0], Methods.Parse("sgd:lr=0.1"));
        var figure = CurveFigure.Build("parabola", f.Objective, (-1, 2), run, exactMinimum: 0.5);
        var steps = figure.Panels[0].Marks.OfType<ScatterMark>().First(m => m.Label!.StartsWith("gradient-descent steps", StringComparison.Ordinal));
        Assert.Equal(run.Trace.Select(t => t.X[0]), steps.Points.Select(p => p.X));
        Assert.All(steps.Points, p => Assert.Equal(3 * p.X * p.X - 3 * p.X + 4, p.Y, 12));
        Assert.Contains("exact minimum x* = 0.5", Texts(figure));
        Assert.StartsWith("sgd", figure.Subtitle);
    }

    [Fact]
    public void ADivergedRunEndsInACrossAtItsLastFiniteLoss()
    {
        var f = FunctionResolver.Resolve("rosenbrock", null, null);
        var run = Minimizer.Run(f.Objective, [-1.2, 1.0], Methods.Parse("sgd:lr=0.01"));
        Assert.NotNull(run.DivergedAt);
        var figure = LossFigure.Build("diverging", [run]);
        var cross = figure.Panels[0].Marks.OfType<ScatterMark>().Single(m => m.Label == "diverged");
        var last = run.Trace.Last(t => double.IsFinite(t.F));
        var (x, y) = cross.Points.Single();
        Assert.Equal(last.Iteration, x);
        // f blew up to ~1e105: the axis stops at 1e4 times the start, and the × sits just under its top.
        var axis = figure.Panels[0].Y;
        Assert.True(last.F > axis.Max);
        Assert.InRange(y, axis.Max / 2, axis.Max);
        Assert.InRange(axis.Max, run.Trace[0].F, 1.5e4 * run.Trace[0].F);
    }
}

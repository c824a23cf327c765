using Downhill.Plotting;

namespace Downhill.Tests.Plotting;

public class LossFigureAxisTests
{
    private static LossCurve Curve(params double[] f) =>
        new("run", f.Select((v, k) => new LossPoint(k, v, Math.Abs(v) + 1e-3)).ToArray());

    [Fact]
    public void ACurveStartingNearZeroThatFallsToMinusOneStaysOnTheAxis()
    {
        var figure = LossFigure.Build("plateau", [Curve(-1e-9, -0.2, -0.9, -1.0)]);
        var loss = figure.Panels[0].Y;
        Assert.True(loss.Min <= -1.0, $"axis starts at {loss.Min}");
    }

    [Fact]
    public void ABlowUpLeavesThroughTheTopInsteadOfFlatteningTheOthers()
    {
        var figure = LossFigure.Build("blow-up", [Curve(2, 1, 0.5, 0.25), Curve(2, 50, 1e50, 1e300)]);
        var loss = figure.Panels[0].Y;
        Assert.True(loss.Max <= 2e4 * 1.0001 * 10, $"axis reaches {loss.Max}");
        Assert.True(loss.Max >= 50);
    }

    private static LossCurve Steps(int iterations) =>
        new($"{iterations} steps", Enumerable.Range(0, iterations + 1).Select(k => new LossPoint(k, 1.0 / (k + 1), 1.0 / (k + 1))).ToArray());

    [Fact]
    public void RunsWhoseLengthsDifferByTwoDecadesShareALogIterationAxis()
    {
        var panels = LossFigure.Build("race", [Steps(5), Steps(2000)]).Panels;
        var axis = panels[0].X;
        Assert.Equal(AxisScale.Log, axis.Scale);
        Assert.Equal(1, axis.Min);
        Assert.Equal(2000, axis.Max);
        Assert.Equal(AxisScale.Log, panels[1].X.Scale);
    }

    [Fact]
    public void RunsOfSimilarLengthsKeepALinearIterationAxisFromZero()
    {
        var axis = LossFigure.Build("race", [Steps(50), Steps(300)]).Panels[0].X;
        Assert.Equal(AxisScale.Linear, axis.Scale);
        Assert.Equal(0, axis.Min);
        Assert.Equal(300, axis.Max);
    }

    [Fact]
    public void NineRunsAreNineDistinctLinesWithoutTheFaintYellow()
    {
        var figure = LossFigure.Build("nine", Enumerable.Range(1, 9).Select(Steps).ToList());
        var lines = figure.Panels[0].Marks.OfType<LineMark>().ToList();
        Assert.Equal(9, lines.Count);
        Assert.Equal(9, lines.Select(l => (l.Color, l.Dash)).Distinct().Count());
        Assert.DoesNotContain(lines, l => l.Color == Rgb.FromHex("#F0E442"));
        Assert.Equal([LineDash.Solid, LineDash.Dashed], lines.Select(l => l.Dash).Distinct());
    }
}

using Downhill.Plotting;

namespace Downhill.Tests.Plotting;

public class RestartFigureTests
{
    private static readonly BasinMinimum[] TwoMinima = [new(3, 2, 0), new(-2.805118, 3.131312, 0)];

    private static Panel FinalValues(params RestartOutcome[] restarts) => RestartFigure.Build("restarts", restarts, TwoMinima).Panels[1];

    [Fact]
    public void FinalValuesThatDifferOnlyByRoundOffGetOneReadableAxisAndSaySo()
    {
        var panel = FinalValues(new(1e-17, 0), new(2e-17, 1), new(0, 0), new(3e-17, 1));
        Assert.Equal("final values (all 4 within 3e-17 of each other: round-off)", panel.Title);
        Assert.Equal(AxisScale.Linear, panel.Y.Scale);
        Assert.True(panel.Y.Max - panel.Y.Min >= 1e-3, $"axis {panel.Y.Min}..{panel.Y.Max}");
        Assert.InRange(1.5e-17, panel.Y.Min, panel.Y.Max);
    }

    [Fact]
    public void EqualFinalValuesAwayFromZeroAreCentredAtAWidthOfTheirSize()
    {
        double f = -1.0316284534898774;
        var panel = FinalValues(new(f, 0), new(f, 0), new(f, 1));
        Assert.Equal("final values (all 3 equal)", panel.Title);
        Assert.Equal(f - 0.01 * Math.Abs(f), panel.Y.Min, 1e-12);
        Assert.Equal(f + 0.01 * Math.Abs(f), panel.Y.Max, 1e-12);
    }

    [Fact]
    public void ValuesSpanningDecadesKeepTheLogAxisAndCountTheZeros()
    {
        var panel = FinalValues(new(1e-20, 0), new(1e-3, 1), new(0, 0));
        Assert.Equal(AxisScale.Log, panel.Y.Scale);
        Assert.Equal("final values (1 exactly 0, below the log axis)", panel.Title);
    }

    [Fact]
    public void AMinimumsDotsAreInItsBarsColour()
    {
        var figure = RestartFigure.Build("restarts", [new(1e-3, 0), new(2e-3, 1), new(5e-3, 0)], TwoMinima);
        var bars = figure.Panels[0].Marks.OfType<RectMark>().ToList();
        var dots = figure.Panels[1].Marks.OfType<ScatterMark>().ToList();
        Assert.Equal(bars.Select(b => b.Fill), dots.Select(d => d.Fill));
    }
}

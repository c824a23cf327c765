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
}

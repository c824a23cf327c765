using Downhill.Plotting;

namespace Downhill.Tests.Plotting;

public class CrowdedPathTests
{
    private static Path2D Line(string label, int steps) =>
        new(label, Enumerable.Range(0, steps + 1).Select(k => (k / (double)steps, 0.0)).ToArray());

    private static Figure Map(params Path2D[] paths) =>
        ContourFigure.Build("map", ScalarGrid.Sample((x, y) => x * x + y * y, (-1, 2), (-1, 1), 11, 11), paths, []);

    [Fact]
    public void DotsFallAtEvenStepsOfAPathsLengthWhateverItsStepCount()
    {
        var crawl = ContourFigure.EvenlyAlong(Line("crawl", 1000).Points, 10);
        var leap = ContourFigure.EvenlyAlong(Line("leap", 20).Points, 10);
        Assert.Equal(Enumerable.Range(0, 10).Select(d => (d + 0.5) / 10), crawl.Select(p => p.X), new Tolerance(1e-3));
        Assert.Equal(Enumerable.Range(0, 10).Select(d => (d + 0.5) / 10), leap.Select(p => p.X), new Tolerance(0.026));
    }

    [Fact]
    public void APathThatGoesNowhereOrOnlyThroughInfinityGetsNoDots()
    {
        Assert.Empty(ContourFigure.EvenlyAlong([(1, 1), (1, 1)], 10));
        Assert.Empty(ContourFigure.EvenlyAlong([(1, 1), (double.NaN, 2)], 10));
    }

    [Fact]
    public void ThreePathsAreThinnerAndDottedTwoAreNot()
    {
        var three = Map(Line("a", 50), Line("b", 60), Line("c", 70)).Panels[0].Marks;
        Assert.All(three.OfType<LineMark>(), l => Assert.Equal(ContourFigure.CrowdedWidth, l.Width));
        Assert.Equal(3, three.OfType<ScatterMark>().Count(s => s.Points.Count == ContourFigure.PathDots));
        var two = Map(Line("a", 50), Line("b", 60)).Panels[0].Marks;
        Assert.All(two.OfType<LineMark>(), l => Assert.Equal(2, l.Width));
        Assert.DoesNotContain(two.OfType<ScatterMark>(), s => s.Points.Count == ContourFigure.PathDots);
    }

    private sealed class Tolerance(double within) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= within;
        public int GetHashCode(double value) => 0;
    }
}

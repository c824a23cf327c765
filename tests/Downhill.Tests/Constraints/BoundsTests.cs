using Downhill.Constraints;

namespace Downhill.Tests.Constraints;

public class BoundsTests
{
    private static readonly Bounds Box = new([0, double.NegativeInfinity, -1], [double.PositiveInfinity, 1, 2]);

    [Fact]
    public void ProjectionClipsEachCoordinateToItsInterval()
    {
        double[] x = [-3, 5, 0.5];
        Assert.Equal(2, Box.Project(x));
        Assert.Equal([0, 1, 0.5], x);
        Assert.True(Box.Contains(x));
        Assert.Equal(0, Box.Project(x));
        Assert.False(Box.Contains([0, 1, 2.5]));
    }

    [Fact]
    public void ProjectionOfALongVectorClipsAsTheScalarRuleAndLeavesNaNAlone()
    {
        // 37 coordinates: whole vectors and a remainder, with NaN, ±∞, coordinates on a limit and one-sided intervals.
        const int n = 37;
        var random = new Random(5);
        var lower = Enumerable.Range(0, n).Select(i => i % 7 == 3 ? double.NegativeInfinity : -1 - i * 0.01).ToArray();
        var upper = Enumerable.Range(0, n).Select(i => i % 5 == 2 ? double.PositiveInfinity : 1 + i * 0.01).ToArray();
        var x = Enumerable.Range(0, n).Select(_ => (random.NextDouble() - 0.5) * 5).ToArray();
        x[4] = double.NaN;
        x[9] = double.PositiveInfinity;
        x[10] = double.NegativeInfinity;
        x[11] = lower[11];
        x[36] = 40;
        var expected = x.Select((v, i) => double.IsNaN(v) ? v : Math.Min(Math.Max(v, lower[i]), upper[i])).ToArray();
        int outside = x.Select((v, i) => v < lower[i] || v > upper[i]).Count(o => o);

        int moved = new Bounds(lower, upper).Project(x);

        Assert.Equal(outside, moved);
        Assert.Equal(expected, x);
    }

    [Fact]
    public void ProjectedGradientIsXMinusTheProjectionOfTheGradientStep()
    {
        // At x = (0, 0.5, 2): x₁ on its lower bound, x₃ on its upper.
        double[] x = [0, 0.5, 2];
        // Pushing out of the box at both bounds and flat inside: a KKT point.
        Assert.Equal(0, Box.ProjectedGradientMaxNorm(x, [3, 0, -4]));
        // Pulling x₁ inward by 0.25 and x₂ up by 7, of which only 0.5 is left before its bound at 1: ‖x − P(x − g)‖∞ = 0.5.
        Assert.Equal(0.5, Box.ProjectedGradientMaxNorm(x, [-0.25, -7, 0]));
        Assert.Equal(0.25, Box.ProjectedGradientMaxNorm(x, [-0.25, -0.1, 0]));
        // In [-1, 1] at 0.5: a step of 3 downhill is cut to the 1.5 left before the lower bound; a step of 0.5 is whole.
        Assert.Equal(1.5, new Bounds([-1], [1]).ProjectedGradientMaxNorm([0.5], [3]));
        Assert.Equal(0.5, new Bounds([-1], [1]).ProjectedGradientMaxNorm([0.5], [0.5]));
        Assert.True(double.IsNaN(Box.ProjectedGradientMaxNorm(x, [double.NaN, 0, 0])));
    }

    [Fact]
    public void ActiveBoundsNameTheVariableAndSide()
    {
        var active = Box.ActiveAt([0, 1, 1.5]);
        Assert.Equal([new ActiveBound(0, BoundSide.Lower, 0), new ActiveBound(1, BoundSide.Upper, 1)], active);
    }

    [Theory]
    [InlineData(new[] { 1.0 }, new[] { 1.0 }, "bounds: variable 1 has lower limit 1 not below upper limit 1")]
    [InlineData(new[] { 0.0, 3.0 }, new[] { 1.0, 2.0 }, "bounds: variable 2 has lower limit 3 not below upper limit 2")]
    [InlineData(new[] { double.NaN }, new[] { 1.0 }, "bounds: variable 1 has a limit that is not a number")]
    [InlineData(new[] { double.PositiveInfinity }, new[] { double.PositiveInfinity }, "bounds: variable 1 has lower limit inf not below upper limit inf")]
    [InlineData(new[] { 0.0 }, new[] { 1.0, 2.0 }, "bounds need one lower and one upper limit per variable (got 1 lower and 2 upper)")]
    public void BadBoundsAreRefusedNamingTheVariable(double[] lower, double[] upper, string message) =>
        Assert.Equal(message, Assert.Throws<InputException>(() => new Bounds(lower, upper)).Message);

    [Fact]
    public void UnboundedHasNoFiniteSide()
    {
        Assert.False(Bounds.Unbounded(3).IsBounded);
        Assert.True(Box.IsBounded);
        Assert.Equal(Box, new Bounds([0, double.NegativeInfinity, -1], [double.PositiveInfinity, 1, 2]));
    }
}

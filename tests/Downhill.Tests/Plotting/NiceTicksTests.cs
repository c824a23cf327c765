using Downhill.Plotting;

namespace Downhill.Tests.Plotting;

public sealed class NiceTicksTests
{
    [Theory]
    [InlineData(10, 5, 2)]
    [InlineData(1, 5, 0.2)]
    [InlineData(7, 5, 2)]
    [InlineData(0.03, 3, 0.01)]
    [InlineData(450, 4, 200)]
    [InlineData(1000, 2, 500)]
    public void StepsAreOneTwoOrFiveTimesAPowerOfTen(double span, int count, double expected) =>
        Assert.Equal(expected, NiceTicks.Step(span, count), 12);

    [Fact]
    public void LinearTicksAreWholeMultiplesInsideTheRangeWithMatchingDecimals()
    {
        var ticks = NiceTicks.Linear(-0.13, 1.07, 6);
        Assert.Equal([0.0, 0.2, 0.4, 0.6, 0.8, 1.0], ticks.Select(t => t.Value));
        Assert.Equal(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], ticks.Select(t => t.Label));
    }

    [Fact]
    public void NegativeTicksUseTheTypographicMinusAndCarryNoBinaryNoise()
    {
        var ticks = NiceTicks.Linear(-0.35, 0.05, 4);
        Assert.Equal(["\u22120.3", "\u22120.2", "\u22120.1", "0.0"], ticks.Select(t => t.Label));
        Assert.Equal(-0.3, ticks[0].Value); // not −0.30000000000000004
    }

    [Fact]
    public void LogTicksLabelDecadesAndAddUnlabelledMinors()
    {
        var ticks = NiceTicks.Log(2e-3, 50, 10);
        Assert.Equal([1e-2, 1e-1, 1, 10], ticks.Where(t => t.Major).Select(t => t.Value), new ToleranceComparer(1e-12));
        Assert.Equal(["10^\u22122", "10^\u22121", "1", "10"], ticks.Where(t => t.Major).Select(t => t.Label));
        Assert.Contains(ticks, t => !t.Major && Math.Abs(t.Value - 3e-3) < 1e-15 && t.Label == "");
        Assert.All(ticks, t => Assert.InRange(t.Value, 2e-3, 50));
    }

    [Fact]
    public void ManyDecadesAreThinnedToEverySecondOrThird()
    {
        var majors = NiceTicks.Log(1e-12, 1e3, 6).Where(t => t.Major).Select(t => Math.Round(Math.Log10(t.Value))).ToList();
        Assert.Equal([-12.0, -9, -6, -3, 0, 3], majors);
    }

    [Fact]
    public void LessThanADecadeGetsOneTwoFiveTicks()
    {
        var ticks = NiceTicks.Log(1.5, 12, 5);
        Assert.Equal([2.0, 5, 10], ticks.Select(t => t.Value));
        Assert.Equal(["2", "5", "10"], ticks.Select(t => t.Label));
    }

    [Theory]
    [InlineData(2e-6, 1e-6, "2e\u22126")]
    [InlineData(1.5e8, 5e7, "1.5e8")]
    [InlineData(1500, 500, "1500")]
    [InlineData(0.25, 0.05, "0.25")]
    [InlineData(-3, 1, "\u22123")]
    [InlineData(0, 0.5, "0.0")]
    public void NumbersAreShortAndExact(double value, double step, string expected) =>
        Assert.Equal(expected, TickFormat.Number(value, step));

    [Fact]
    public void SignificantLabelsKeepEnoughDigits()
    {
        Assert.Equal("0.001", TickFormat.Significant(0.001, 2));
        Assert.Equal("1.2e\u22129", TickFormat.Significant(1.234e-9, 2));
        Assert.Equal("2500", TickFormat.Significant(2500, 3));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x));
        public int GetHashCode(double obj) => 0;
    }
}

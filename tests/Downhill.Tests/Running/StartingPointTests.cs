using Downhill.Running;

namespace Downhill.Tests.Running;

public class StartingPointTests
{
    [Fact]
    public void GaussianSpecSetsMeanAndStd()
    {
        var start = Assert.IsType<GaussianStart>(StartingPoint.Parse("gaussian:mean=3,std=0.5"));
        Assert.Equal((3.0, 0.5), (start.Mean, start.Std));
        var x = start.Draw(50_000, null, 11);
        Assert.InRange(x.Average(), 2.99, 3.01);
        Assert.Equal(x, start.Draw(50_000, null, 11));
    }

    [Fact]
    public void DefaultIsStandardGaussian() =>
        Assert.Equal(new GaussianStart(0, 1), StartingPoint.Parse("gaussian"));

    [Fact]
    public void UniformDrawsWithinEachBound()
    {
        var x = StartingPoint.Parse("uniform").Draw(2, [(-2, -1), (10, 11)], 5);
        Assert.InRange(x[0], -2, -1);
        Assert.InRange(x[1], 10, 11);
    }

    [Theory]
    [InlineData("cauchy", "unknown initializer 'cauchy'; valid: gaussian, uniform")]
    [InlineData("gaussian:std=0", "gaussian:std must be a positive finite number, not 0")]
    [InlineData("gaussian:sigma=1", "unknown key 'sigma' for initializer 'gaussian'; valid keys: mean, std")]
    public void BadSpecsAreBadInput(string spec, string message) =>
        Assert.Equal(message, Assert.Throws<InputException>(() => StartingPoint.Parse(spec)).Message);

    [Fact]
    public void UniformWithoutBoundsIsBadInput() =>
        Assert.Contains("needs bounds", Assert.Throws<InputException>(() => new UniformStart().Draw(2, null, 1)).Message);
}

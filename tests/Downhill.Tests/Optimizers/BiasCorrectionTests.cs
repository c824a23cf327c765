using Downhill.Optimizers;

namespace Downhill.Tests.Optimizers;

public class BiasCorrectionTests
{
    [Theory]
    [InlineData(0.9)]
    [InlineData(0.5)]
    [InlineData(0.999)]
    [InlineData(0.0)]
    public void EqualsOneMinusPowAtEveryStepBitForBit(double beta)
    {
        var correction = new BiasCorrection(beta);
        for (long t = 1; t <= 50_000; t++)
            Assert.Equal(1 - Math.Pow(beta, t), correction.At(t));
    }
}

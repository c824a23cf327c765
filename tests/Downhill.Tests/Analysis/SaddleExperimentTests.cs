using Downhill.Analysis;

namespace Downhill.Tests.Analysis;

public class SaddleExperimentTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    public void RandomCosineDerivativesMatchFiniteDifferences(int n)
    {
        var f = new RandomCosineLandscape(n, 12, seed: 5);
        var random = KeyedSeed.Random(9, n);
        for (int trial = 0; trial < 3; trial++)
        {
            var x = new double[n];
            for (int i = 0; i < n; i++) x[i] = random.NextUniform(-2, 2);
            DerivativeCheck.Assert(f, x);
        }
    }

    [Fact]
    public void SameSeedGivesTheSameFunction()
    {
        double[] x = [0.3, -0.7, 1.1];
        Assert.Equal(new RandomCosineLandscape(3, 10, 4).Value(x), new RandomCosineLandscape(3, 10, 4).Value(x));
        Assert.NotEqual(new RandomCosineLandscape(3, 10, 4).Value(x), new RandomCosineLandscape(3, 10, 5).Value(x));
    }

    [Fact]
    public void MinimaGetRarerAndSaddlesCommonerAsDimensionGrows()
    {
        var rows = SaddleExperiment.Run(new SaddleExperimentOptions { Dimensions = [1, 2, 4], Starts = 200, FunctionsPerDimension = 2, Seed = 1 });
        Assert.Equal([1, 2, 4], rows.Select(r => r.Dimension));
        // In one dimension there are no saddles: critical points alternate between minima and maxima.
        Assert.Equal(0, rows[0].SaddleShare);
        Assert.InRange(rows[0].MinimumShare, 0.3, 0.7);
        Assert.True(rows[2].MinimumShare < rows[1].MinimumShare && rows[1].MinimumShare < rows[0].MinimumShare,
            string.Join("; ", rows));
        Assert.True(rows[2].SaddleShare > rows[1].SaddleShare, string.Join("; ", rows));
        Assert.All(rows, r => Assert.Equal(1.0, r.MinimumShare + r.SaddleShare + r.MaximumShare + r.DegenerateShare, 12));
    }
}

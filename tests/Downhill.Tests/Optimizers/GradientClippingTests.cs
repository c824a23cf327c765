using Downhill.Optimizers;

namespace Downhill.Tests.Optimizers;

/// <summary>The vectorized clipping passes against the scalar rules, on gradients longer than a vector, in float and double.</summary>
public class GradientClippingTests
{
    private static double[] Gradient(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (random.NextDouble() - 0.5) * 8).ToArray();
    }

    [Theory]
    [InlineData(37)]
    [InlineData(3)]
    public void ClipByValueClampsEachComponentAndLeavesNaNAlone(int n)
    {
        var g = Gradient(n, 1);
        g[1] = double.NaN;
        var expected = g.Select(v => double.IsNaN(v) ? v : Math.Clamp(v, -1.5, 1.5)).ToArray();
        var single = g.Select(v => (float)v).ToArray();
        var expectedSingle = single.Select(v => float.IsNaN(v) ? v : Math.Clamp(v, -1.5f, 1.5f)).ToArray();

        Assert.True(GradientClipping.ByValue(1.5).Apply<double>(g));
        Assert.True(GradientClipping.ByValue(1.5).Apply<float>(single));

        Assert.Equal(expected, g);
        Assert.Equal(expectedSingle, single);
        Assert.False(GradientClipping.ByValue(100).Apply<double>(g));
        Assert.Equal(expected, g);
    }

    [Theory]
    [InlineData(37)]
    [InlineData(1000)]
    public void ClipByNormScalesToTheTotalNormAsTorchDoes(int n)
    {
        var g = Gradient(n, 2);
        double norm = Math.Sqrt(g.Sum(v => v * v));
        double factor = 1 / (norm + 1e-6) * 2.0;
        var expected = g.Select(v => v * factor).ToArray();
        var single = g.Select(v => (float)v).ToArray();
        var singleStart = single.ToArray();
        float singleNorm = (float)Math.Sqrt(single.Sum(v => (double)v * v));
        float singleFactor = 1 / (singleNorm + 1e-6f) * 2f;

        Assert.True(GradientClipping.ByNorm(2).Apply<double>(g));
        Assert.True(GradientClipping.ByNorm(2).Apply<float>(single));

        for (int i = 0; i < n; i++)
        {
            Assert.Equal(expected[i], g[i], 1e-14 * Math.Abs(expected[i]));
            Assert.Equal(singleStart[i] * singleFactor, single[i], 1e-6f * Math.Abs(single[i]));
        }
        Assert.Equal(norm * factor, Math.Sqrt(g.Sum(v => v * v)), 1e-12);
        Assert.False(GradientClipping.ByNorm(3).Apply<double>(g));
    }
}

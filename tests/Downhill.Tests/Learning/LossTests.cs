using Downhill.Learning.Losses;

namespace Downhill.Tests.Learning;

public class LossTests
{
    private static double Value(string loss, float[] p, float[] t, int rows, int columns) =>
        Loss.Parse(loss).Evaluate(p, t, rows, columns, Span<float>.Empty, 1f);

    [Fact]
    public void RegressionLossesMatchTheirDefinitions()
    {
        float[] p = [1f, 2f, -1f, 4f], t = [0f, 2f, 1f, 1f];   // residuals 1, 0, −2, 3
        Assert.Equal(14.0, Value("rss", p, t, 4, 1), 12);
        Assert.Equal(3.5, Value("mse", p, t, 4, 1), 12);
        Assert.Equal(1.5, Value("mae", p, t, 4, 1), 12);
        // huber δ=1: ½·1, 0, 1·(2 − ½), 1·(3 − ½) → (0.5 + 1.5 + 2.5)/4
        Assert.Equal(4.5 / 4, Value("huber", p, t, 4, 1), 12);
        Span<float> r = stackalloc float[4];
        Loss.Residuals(p, t, r);
        Assert.Equal([1f, 0f, -2f, 3f], r.ToArray());
    }

    [Fact]
    public void CrossEntropyIsStableForHugeLogits()
    {
        // log-softmax of [1000, 0] at class 1 is −1000 exactly; a naive exp overflows to NaN.
        Assert.Equal(1000.0, Value("cross-entropy", [1000f, 0f], [1f], 1, 2), 9);
        Assert.Equal(Math.Log(3), Value("cross-entropy", [5f, 5f, 5f], [2f], 1, 3), 12);
        // bce on logits: z = −800 with t = 1 costs 800, not infinity.
        Assert.Equal(800.0, Value("bce", [-800f], [1f], 1, 1), 9);
        Assert.Equal(Math.Log(2), Value("bce", [0f], [0f], 1, 1), 12);
    }

    [Fact]
    public void UnknownLossesAndBadSettingsAreNamed()
    {
        var e = Assert.Throws<InputException>(() => Loss.Parse("hinge"));
        Assert.Contains("unknown loss 'hinge'", e.Message);
        Assert.Contains("cross-entropy", e.Message);
        Assert.Contains("huber:delta must be positive", Assert.Throws<InputException>(() => Loss.Parse("huber:delta=-1")).Message);
    }
}

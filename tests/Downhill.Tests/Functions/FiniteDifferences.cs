using Downhill.Functions;

namespace Downhill.Tests.Functions;

/// <summary>
/// Central differences, the independent check on exact derivatives. With step h the truncation error is
/// O(h²·f''') and the rounding error O(ε·|f|/h); h = 1e-5·max(1, |xᵢ|) balances them near 1e-10 relative, so a
/// tolerance of 1e-6 relative to the scale of the numbers involved has a wide margin yet catches any wrong term.
/// </summary>
internal static class FiniteDifferences
{
    public static double Step(double x) => 1e-5 * Math.Max(1, Math.Abs(x));

    public static double[] Gradient(IObjective f, double[] x)
    {
        var g = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double h = Step(x[i]);
            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            g[i] = (f.Value(plus) - f.Value(minus)) / (plus[i] - minus[i]);
        }
        return g;
    }

    /// <summary>Central differences of the exact gradient, row-major.</summary>
    public static double[] Hessian(IObjective f, double[] x)
    {
        int n = x.Length;
        var h = new double[n * n];
        var gp = new double[n];
        var gm = new double[n];
        for (int j = 0; j < n; j++)
        {
            double step = Step(x[j]);
            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[j] += step;
            minus[j] -= step;
            f.ValueAndGradient(plus, gp);
            f.ValueAndGradient(minus, gm);
            for (int i = 0; i < n; i++) h[i * n + j] = (gp[i] - gm[i]) / (plus[j] - minus[j]);
        }
        return h;
    }

    /// <summary>Asserts |a − b| ≤ tolerance·(1 + scale) entry by entry, naming the entry and the context.</summary>
    public static void AssertClose(double[] expected, double[] actual, double tolerance, double scale, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + scale),
                $"{context}: entry {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    public static double MaxAbs(params double[][] arrays) => arrays.SelectMany(a => a).Select(Math.Abs).DefaultIfEmpty(0).Max();
}

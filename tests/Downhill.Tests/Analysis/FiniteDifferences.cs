using Downhill.Functions;

namespace Downhill.Tests.Analysis;

/// <summary>Central-difference checks of an objective's gradient and Hessian.</summary>
public static class FiniteDifferences
{
    public static void AssertDerivatives(IObjective f, double[] x, double relative = 1e-6)
    {
        int n = f.Dimension;
        var g = new double[n];
        var h = new double[n * n];
        double value = f.ValueGradientHessian(x, g, h);
        Assert.Equal(f.Value(x), value, 12);
        var gp = new double[n];
        var gm = new double[n];
        for (int i = 0; i < n; i++)
        {
            double step = 1e-5 * Math.Max(1, Math.Abs(x[i]));
            var xp = (double[])x.Clone();
            var xm = (double[])x.Clone();
            xp[i] += step;
            xm[i] -= step;
            double fd = (f.Value(xp) - f.Value(xm)) / (2 * step);
            Assert.True(Math.Abs(fd - g[i]) <= relative * Math.Max(1, Math.Abs(g[i])) * 10,
                $"{f}: ∂f/∂x{i} = {g[i]}, finite difference {fd} at [{string.Join(", ", x)}]");
            f.ValueAndGradient(xp, gp);
            f.ValueAndGradient(xm, gm);
            for (int j = 0; j < n; j++)
            {
                double fdh = (gp[j] - gm[j]) / (2 * step);
                Assert.True(Math.Abs(fdh - h[j * n + i]) <= relative * Math.Max(1, Math.Abs(h[j * n + i])) * 10,
                    $"{f}: ∂²f/∂x{j}∂x{i} = {h[j * n + i]}, finite difference {fdh}");
            }
        }
    }
}

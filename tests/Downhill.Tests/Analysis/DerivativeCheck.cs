using Downhill.Functions;

namespace Downhill.Tests.Analysis;

/// <summary>Asserts an objective's gradient and Hessian against the shared central differences.</summary>
public static class DerivativeCheck
{
    public static void Assert(IObjective f, double[] x, double relative = 1e-6)
    {
        int n = f.Dimension;
        var g = new double[n];
        var h = new double[n * n];
        double value = f.ValueGradientHessian(x, g, h);
        Xunit.Assert.Equal(f.Value(x), value, 12);
        double[] fdGradient = Functions.FiniteDifferences.Gradient(f, x);
        double[] fdHessian = Functions.FiniteDifferences.Hessian(f, x);
        for (int i = 0; i < n; i++)
            Xunit.Assert.True(Math.Abs(fdGradient[i] - g[i]) <= 10 * relative * Math.Max(1, Math.Abs(g[i])),
                $"{f}: ∂f/∂x{i} = {g[i]}, finite difference {fdGradient[i]} at [{string.Join(", ", x)}]");
        for (int k = 0; k < n * n; k++)
            Xunit.Assert.True(Math.Abs(fdHessian[k] - h[k]) <= 10 * relative * Math.Max(1, Math.Abs(h[k])),
                $"{f}: ∂²f/∂x{k / n}∂x{k % n} = {h[k]}, finite difference {fdHessian[k]}");
    }
}

using Downhill.Curvature;
using Downhill.Functions;
using Downhill.Running;

namespace Downhill.Tests.Curvature;

public class FunctionHessianTests
{
    private static double[] Random(int n, ulong seed, double scale = 1)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, n).Select(_ => scale * random.NextGaussian()).ToArray();
    }

    /// <summary>The matrix-free products of the any-N catalog functions against their own dense exact Hessians.</summary>
    [Theory]
    [InlineData("rosenbrock")]
    [InlineData("rastrigin")]
    [InlineData("ackley")]
    [InlineData("styblinski-tang")]
    public void MatrixFreeProductsEqualTheDenseHessian(string name)
    {
        const int n = 9;
        var f = FunctionResolver.Resolve(name, n).Objective;
        Assert.IsAssignableFrom<IHessianVectorProduct>(f);
        double[] x = Random(n, 1), v = Random(n, 2);
        var dense = new double[n * n];
        f.ValueGradientHessian(x, new double[n], dense);
        var expected = new double[n];
        new DenseSymmetricOperator(dense, n).Multiply(v, expected);
        var actual = new double[n];
        FunctionHessian.At(f, x).Multiply(v, actual);
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < n; i++) Assert.Equal(expected[i], actual[i], 1e-12 * scale);
    }

    [Fact]
    public void AnExpressionSProductIsItsCompiledHessianS()
    {
        var f = FunctionResolver.Resolve("x*sin(y) + exp(-x^2) + x*y*z^2").Objective;
        double[] x = [0.3, -1.1, 0.7], v = [1, 2, -0.5];
        var h = new double[9];
        f.ValueGradientHessian(x, new double[3], h);
        var result = new double[3];
        FunctionHessian.At(f, x).Multiply(v, result);
        for (int i = 0; i < 3; i++) Assert.Equal(h[3 * i] * v[0] + h[3 * i + 1] * v[1] + h[3 * i + 2] * v[2], result[i], 14);
    }

    /// <summary>n = 100,000 (ten times the dense limit of any-N functions) against central differences of the gradient.</summary>
    [Fact]
    public void RosenbrockOfAHundredThousandVariablesAgainstCentralDifferences()
    {
        const int n = 100_000;
        var f = FunctionResolver.Resolve("rosenbrock", n, maximumDimension: CatalogEntry.MatrixFreeMaximumDimension).Objective;
        double[] x = Random(n, 3, 0.5), v = Random(n, 4);
        var hv = new double[n];
        FunctionHessian.At(f, x).Multiply(v, hv);
        const double epsilon = 1e-6;
        double[] up = new double[n], down = new double[n];
        f.ValueAndGradient(x.Select((xi, i) => xi + epsilon * v[i]).ToArray(), up);
        f.ValueAndGradient(x.Select((xi, i) => xi - epsilon * v[i]).ToArray(), down);
        double worst = 0, scale = hv.Max(Math.Abs);
        for (int i = 0; i < n; i++) worst = Math.Max(worst, Math.Abs((up[i] - down[i]) / (2 * epsilon) - hv[i]));
        Assert.True(worst < 1e-6 * scale, $"largest difference {worst:G3} against {scale:G3}");
        Assert.Throws<InputException>(() => FunctionResolver.Resolve("rosenbrock", n));
    }
}

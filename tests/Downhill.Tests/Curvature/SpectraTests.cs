using Downhill.Curvature;
using Downhill.Curvature.Networks;
using Downhill.Curvature.Spectra;
using Downhill.Running;
using MathNet.Numerics.LinearAlgebra;

namespace Downhill.Tests.Curvature;

/// <summary>
/// Lanczos, power iteration, Hutchinson's trace and the spectral density against dense eigenvalues (MathNet's symmetric
/// eigensolver) of matrices with known spectra and of small networks' Hessians assembled from H·eᵢ.
/// </summary>
public class SpectraTests
{
    /// <summary>Q·diag(λ)·Qᵀ with Q orthogonal (QR of a Gaussian matrix).</summary>
    internal static DenseSymmetricOperator WithEigenvalues(double[] eigenvalues, ulong seed)
    {
        int n = eigenvalues.Length;
        var random = new SeededRandom(seed);
        var g = Matrix<double>.Build.Dense(n, n, (_, _) => random.NextGaussian());
        var q = g.QR().Q;
        var h = q * Matrix<double>.Build.DenseOfDiagonalArray(eigenvalues) * q.Transpose();
        return new DenseSymmetricOperator(h.ToRowMajorArray(), n);
    }

    private static double[] Spread(int n, ulong seed)
    {
        var random = new SeededRandom(seed);
        // A bulk near zero of both signs and a few large outliers, as a network's Hessian has.
        return Enumerable.Range(0, n).Select(i => i < 4 ? 10 + 5 * i + random.NextDouble() : 0.5 * random.NextGaussian()).ToArray();
    }

    private static double[] DenseEigenvalues(DenseSymmetricOperator h) =>
        global::Downhill.Analysis.Curvature.Eigen(h.Matrix, h.Dimension).Values;

    private static void AssertExtremes(ISymmetricOperator h, double[] exact, int top, int bottom, LanczosOptions options, double relative)
    {
        var result = Lanczos.Extremes(h, top, bottom, options);
        Assert.Equal(SpectrumCompletion.Converged, result.Completion);
        Assert.Equal(top, result.Top.Count);
        Assert.Equal(bottom, result.Bottom.Count);
        for (int k = 0; k < top; k++)
            Assert.True(Math.Abs(result.Top[k].Value - exact[^(k + 1)]) <= relative * Math.Abs(exact[^(k + 1)]), $"top {k + 1}: {result.Top[k].Value} against {exact[^(k + 1)]}");
        for (int k = 0; k < bottom; k++)
            Assert.True(Math.Abs(result.Bottom[k].Value - exact[k]) <= relative * Math.Abs(exact[k]), $"bottom {k + 1}: {result.Bottom[k].Value} against {exact[k]}");
        var all = result.Top.Concat(result.Bottom).ToList();
        var hy = new double[h.Dimension];
        foreach (var e in all)
        {
            h.Multiply(e.Vector, hy);
            double residual = Math.Sqrt(hy.Select((v, i) => (v - e.Value * e.Vector[i]) * (v - e.Value * e.Vector[i])).Sum());
            Assert.True(residual <= e.Residual * 1.01 + 1e-12, $"the residual {residual:G3} exceeds the reported {e.Residual:G3}");
        }
        for (int a = 0; a < all.Count; a++)
            for (int b = a; b < all.Count; b++)
            {
                double dot = all[a].Vector.Zip(all[b].Vector, (x, y) => x * y).Sum();
                Assert.True(Math.Abs(dot - (a == b ? 1 : 0)) < 1e-8, $"eigenvectors {a} and {b}: dot {dot}");
            }
    }

    [Fact]
    public void LanczosFindsBothEndsOfAKnownSpectrumWithRestarts()
    {
        double[] eigenvalues = Spread(300, 1);
        var h = WithEigenvalues(eigenvalues, 2);
        var exact = eigenvalues.Order().ToArray();
        // A basis of 30 for 8 wanted values forces thick restarts.
        var options = new LanczosOptions { Tolerance = 1e-10, BasisSize = 30, MaxProducts = 5000 };
        Assert.True(Lanczos.Extremes(h, 5, 3, options).Restarts > 0);
        AssertExtremes(h, exact, 5, 3, options, 1e-6);
    }

    [Theory]
    [InlineData("mlp:7,5:tanh", 3)]
    [InlineData("mlp:8:relu", 4)]
    [InlineData("mlp:6:gelu", 0)]
    public void LanczosMatchesTheDenseEigenvaluesOfANetworkHessian(string spec, int classes)
    {
        var data = NetworkHessianTests.RandomData(60, 6, classes, 3);
        var model = NetworkHessianTests.RandomModel(spec, 6, classes, 4);
        using var loss = new NetworkLoss(model, data, new NetworkLossOptions { Precision = Precision.Float64 });
        var hessian = loss.Hessian(loss.Parameters());
        var exact = DenseEigenvalues(DenseSymmetricOperator.Assemble(hessian));
        AssertExtremes(hessian, exact, 4, 4, new LanczosOptions { Tolerance = 1e-9, Seed = 5 }, 1e-6);
    }

    [Fact]
    public void TheSameSeedGivesTheSameEigenvaluesOnAnyNumberOfThreads()
    {
        var data = NetworkHessianTests.RandomData(120, 20, 5, 6, sparsity: 0.6);
        var model = NetworkHessianTests.RandomModel("mlp:24,16", 20, 5, 7);
        double[] Run(int threads)
        {
            using var loss = new NetworkLoss(model, data, new NetworkLossOptions { Threads = threads, BatchRows = 50 });
            var result = Lanczos.Extremes(loss.Hessian(loss.Parameters()), 3, 2, new LanczosOptions { Seed = 9 });
            return result.Top.Concat(result.Bottom).Select(e => e.Value).ToArray();
        }
        Assert.Equal(Run(1), Run(2));
    }

    [Fact]
    public void PowerIterationFindsTheLargestMagnitudeEvenWhenItIsNegative()
    {
        double[] eigenvalues = [-9, 4, 3, 1, 0.5, -0.2, 0.1, 2];
        var h = WithEigenvalues(eigenvalues, 8);
        var result = PowerIteration.LargestMagnitude(h, new PowerIterationOptions { Tolerance = 1e-12, MaxIterations = 500 });
        Assert.Equal(SpectrumCompletion.Converged, result.Completion);
        Assert.Equal(-9, result.Value, 1e-8);
        var positive = PowerIteration.LargestMagnitude(WithEigenvalues([9, -4, 3, 1], 9), new PowerIterationOptions { Tolerance = 1e-12, MaxIterations = 500 });
        Assert.Equal(9, positive.Value, 1e-8);
    }

    /// <summary>The estimate is a mean of 40 samples; the exact trace must lie within three standard errors of it.</summary>
    [Fact]
    public void HutchinsonSTraceIsWithinThreeStandardErrors()
    {
        var data = NetworkHessianTests.RandomData(60, 6, 3, 10);
        var model = NetworkHessianTests.RandomModel("mlp:9:tanh", 6, 3, 11);
        using var loss = new NetworkLoss(model, data, new NetworkLossOptions { Precision = Precision.Float64 });
        var hessian = loss.Hessian(loss.Parameters());
        double exact = DenseEigenvalues(DenseSymmetricOperator.Assemble(hessian)).Sum();
        var estimate = HutchinsonTrace.Estimate(hessian, 40, seed: 12);
        Assert.Equal(40, estimate.Probes);
        Assert.True(estimate.StandardError > 0);
        Assert.True(Math.Abs(estimate.Estimate - exact) <= 3 * estimate.StandardError,
            $"trace {exact} against {estimate.Estimate} ± {estimate.StandardError}");
    }

    /// <summary>
    /// With as many Lanczos steps as the dimension the nodes are the exact eigenvalues and a probe's weights average
    /// 1/n each; over 20 probes a bin's mass has standard deviation about √(2·share/n/20) ≲ 0.015, so each bin of the
    /// histogram of exact eigenvalues is matched within 0.06. Fewer steps (a quadrature of order 40) still place the mass
    /// within a node's weight of it. The smoothed density integrates to 1.
    /// </summary>
    [Theory]
    [InlineData(100, 0.06)]
    [InlineData(40, 0.1)]
    public void TheDensityIntegratesToOneAndMatchesAHistogramOfExactEigenvalues(int steps, double tolerance)
    {
        double[] eigenvalues = Spread(100, 13);
        var h = WithEigenvalues(eigenvalues, 14);
        var density = SpectralDensity.Estimate(h, new DensityOptions { Probes = 20, Steps = steps, Seed = 15, GridPoints = 2000 });
        Assert.Equal(SpectrumCompletion.Converged, density.Completion);
        Assert.Equal(20, density.Probes);
        double integral = 0;
        for (int i = 1; i < density.X.Count; i++) integral += 0.5 * (density.Y[i] + density.Y[i - 1]) * (density.X[i] - density.X[i - 1]);
        Assert.Equal(1, integral, 1e-6);
        foreach (var probe in density.Nodes.GroupBy(q => q.Probe))
            Assert.Equal(1, probe.Sum(q => q.Weight), 1e-10);

        double low = eigenvalues.Min() - 1e-9, high = eigenvalues.Max() + 1e-9;
        const int bins = 8;
        for (int b = 0; b < bins; b++)
        {
            double from = low + (high - low) * b / bins, to = low + (high - low) * (b + 1) / bins;
            double exactShare = eigenvalues.Count(e => e >= from && e < to) / 100.0;
            double estimated = density.Nodes.Where(q => q.Node >= from && q.Node < to).Sum(q => q.Weight) / density.Probes;
            Assert.True(Math.Abs(exactShare - estimated) <= tolerance, $"bin [{from:G3}, {to:G3}): exact share {exactShare}, density {estimated:G3}");
        }
    }
}

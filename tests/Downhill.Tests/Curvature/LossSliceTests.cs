using Downhill.Curvature;
using Downhill.Curvature.Networks;
using Downhill.Curvature.Slices;
using Downhill.Curvature.Spectra;

namespace Downhill.Tests.Curvature;

/// <summary>
/// Slices of a network's loss: filter normalization filter by filter, the grid's values against direct evaluations,
/// the line through the initial and trained weights, the curvature along an eigenvector against its eigenvalue,
/// determinism over threads, cancellation, and settings out of range.
/// </summary>
public class LossSliceTests
{
    private static readonly Downhill.Learning.Data.Dataset Rows = NetworkHessianTests.RandomData(60, 4, 3, seed: 2);

    [Fact]
    public void FilterNormalizationGivesEachFilterTheWeightsNormAndBiasesNothing()
    {
        var model = NetworkHessianTests.RandomModel("mlp:5:tanh", 4, 3, seed: 1);
        using var loss = new NetworkLoss(model, Rows);
        double[] theta = loss.Parameters();
        var direction = Enumerable.Range(0, theta.Length).Select(i => Math.Sin(1.7 * i) + 0.1).ToArray();
        FilterNormalization.Apply(model, theta, direction);
        int offset = 0;
        foreach (var layer in model.Layers)
        {
            for (int unit = 0; unit < layer.Outputs; unit++)
            {
                double w = 0, d = 0;
                for (int i = 0; i < layer.Inputs; i++)
                {
                    int at = offset + i * layer.Outputs + unit;
                    (w, d) = (w + theta[at] * theta[at], d + direction[at] * direction[at]);
                }
                Assert.Equal(Math.Sqrt(w), Math.Sqrt(d), 1e-12);
            }
            offset += layer.Inputs * layer.Outputs;
            Assert.All(direction.AsSpan(offset, layer.Outputs).ToArray(), b => Assert.Equal(0, b));
            offset += layer.Outputs;
        }
        Assert.Equal(theta.Length, offset);
    }

    [Fact]
    public void EachPointIsTheLossAtItsWeightsAndTheTrainedWeightsAreAtTheCentre()
    {
        var model = NetworkHessianTests.RandomModel("mlp:5:tanh", 4, 3, seed: 1);
        var heldOut = NetworkHessianTests.RandomData(30, 4, 3, seed: 9);
        var options = new NetworkLossOptions { Precision = Precision.Float64 };
        var slice = LossSlices.Take(model, Rows, heldOut, new SliceRequest { Points = 5, Span = 0.5, Seed = 3 }, options);
        Assert.True(slice.Complete);
        Assert.Equal([-0.5, -0.25, 0, 0.25, 0.5], slice.X);
        Assert.Equal(slice.X, slice.Y);

        // The centre is θ itself, on both sets of rows.
        using var loss = new NetworkLoss(model, Rows, options);
        using var held = new NetworkLoss(model, heldOut, options);
        double[] theta = loss.Parameters();
        Assert.Equal(loss.Evaluate(theta).Loss, slice.Primary.Loss[2, 2], 1e-15);
        Assert.Equal(held.Evaluate(theta).Loss, slice.HeldOut!.Loss[2, 2], 1e-15);
        Assert.Equal(loss.Evaluate(theta).Accuracy!.Value, slice.Primary.Accuracy![2, 2]);
        Assert.Equal(slice.AtTrained.Primary.Loss, slice.Primary.Loss[2, 2]);
        // Filter-normalized directions copy the weights' filter norms, so each is as long as the weights without biases.
        double weightsNorm = Math.Sqrt(model.Layers.Sum(l => l.Weight.Value.Span.ToArray().Sum(w => (double)w * w)));
        Assert.All(slice.DirectionNorms, n => Assert.Equal(weightsNorm, n, 1e-9 * weightsNorm));
        // Untrained weights are not at the bottom: the finding names the lower point the grid holds.
        var lowest = slice.Primary.Lowest()!.Value;
        Assert.True(lowest.Loss < slice.Primary.Loss[2, 2]);
        Assert.StartsWith($"a point of the slice is lower than the trained weights: {lowest.Loss.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}",
            SliceFindings.Describe(slice)[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mlp:40,5:tanh", 3, Precision.Float64)]
    [InlineData("mlp:40,5:tanh", 3, Precision.Float32)]
    [InlineData("mlp:6:relu", 3, Precision.Float64)]
    [InlineData("softmax", 3, Precision.Float64)]
    [InlineData("linear", 0, Precision.Float64)]
    [InlineData("linear", 0, Precision.Float32)]
    public void EachPointOfAPlaneIsThePlainForwardPassAtItsWeights(string spec, int classes, Precision precision)
    {
        // Mostly-zero inputs feeding a 40-wide first layer take float32's sparse kernels; 16-row batches split the 60
        // rows unevenly. The slice forms the first layer's products once per batch and combines them per point; the
        // plain pass multiplies the inputs by the point's own weights.
        var model = NetworkHessianTests.RandomModel(spec, 12, classes, seed: 5);
        var rows = NetworkHessianTests.RandomData(60, 12, classes, seed: 6, sparsity: 0.8);
        var options = new NetworkLossOptions { Precision = precision, BatchRows = 16, Threads = 2 };
        var slice = LossSlices.Take(model, rows, null, new SliceRequest { Points = 5, Span = 0.8, Seed = 2 }, options);
        using var loss = new NetworkLoss(model, rows, options);
        double[] theta = loss.Parameters();
        var directions = Enumerable.Range(0, 2).Select(k =>
        {
            var d = new double[theta.Length];
            Probes.Gaussian(d, 2 ^ 0x511CEUL, k);
            FilterNormalization.Apply(model, theta, d);
            return d;
        }).ToArray();
        double tolerance = precision == Precision.Float64 ? 1e-12 : 1e-5;
        var point = new double[theta.Length];
        for (int j = 0; j < 5; j++)
            for (int i = 0; i < 5; i++)
            {
                for (int p = 0; p < point.Length; p++) point[p] = theta[p] + slice.X[i] * directions[0][p] + slice.Y![j] * directions[1][p];
                var plain = loss.Evaluate(point);
                Assert.Equal(plain.Loss, slice.Primary.Loss[j, i], tolerance * Math.Abs(plain.Loss));
                if (precision == Precision.Float64 && plain.Accuracy is { } accuracy) Assert.Equal(accuracy, slice.Primary.Accuracy![j, i]);
            }
        Assert.Equal(loss.Evaluate(theta).Loss, slice.AtTrained.Primary.Loss);
    }

    [Fact]
    public void EvaluatingPointsAllocatesNothingPerBatchOnceWarm()
    {
        // The same 9 points over the same 60 rows in one batch and in ten: a warm call allocates only its answer
        // (the same bytes either way), nothing per point and batch.
        var model = NetworkHessianTests.RandomModel("mlp:40,5:tanh", 12, 3, seed: 5);
        var rows = NetworkHessianTests.RandomData(60, 12, 3, seed: 6, sparsity: 0.8);
        double[] coefficients = Enumerable.Range(0, 18).Select(i => 0.1 * (i - 9)).ToArray();
        long Allocated(int batchRows)
        {
            using var loss = new NetworkLoss(model, rows, new NetworkLossOptions { BatchRows = batchRows });
            double[] theta = loss.Parameters();
            double[][] directions = [theta.Select(t => 0.5 * t).ToArray(), theta.Select((t, i) => i % 3 == 0 ? t : -t).ToArray()];
            loss.EvaluateAlong(theta, directions, coefficients);
            long before = GC.GetAllocatedBytesForCurrentThread();
            loss.EvaluateAlong(theta, directions, coefficients);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.Equal(Allocated(60), Allocated(6));
    }

    [Fact]
    public void ALinePassesThroughTheInitialWeightsAt0AndTheTrainedAt1()
    {
        var model = NetworkHessianTests.RandomModel("mlp:5:relu", 4, 3, seed: 1);
        var start = NetworkHessianTests.RandomModel("mlp:5:relu", 4, 3, seed: 4);
        var options = new NetworkLossOptions { Precision = Precision.Float64 };
        using var initial = new NetworkLoss(start, Rows, options);
        using var trained = new NetworkLoss(model, Rows, options);
        double[] theta0 = initial.Parameters();
        var slice = LossSlices.Take(model, Rows, null, new SliceRequest { Directions = SliceDirections.Line, Axes = 1, Points = 5, Start = theta0 }, options);
        Assert.Equal([-0.5, 0, 0.5, 1, 1.5], slice.X);
        Assert.Null(slice.Y);
        Assert.Equal(initial.Evaluate(theta0).Loss, slice.Primary.Loss[0, 1], 1e-14);
        Assert.Equal(trained.Evaluate(trained.Parameters()).Loss, slice.Primary.Loss[0, 3], 1e-12);
        Assert.Equal(slice.AtInitial!.Value.Primary.Loss, slice.Primary.Loss[0, 1], 1e-14);
        Assert.Equal((1.0, 0.0), slice.Trained);
        Assert.Equal((0.0, 0.0), slice.Initial);
    }

    [Fact]
    public void AlongTheTopEigenvectorTheLossCurvesByItsEigenvalue()
    {
        var model = NetworkHessianTests.RandomModel("mlp:5:tanh", 4, 3, seed: 1);
        const double h = 1e-3;
        var slice = LossSlices.Take(model, Rows, null,
            new SliceRequest { Directions = SliceDirections.Eigen, Axes = 1, Points = 3, Span = h, Lanczos = new LanczosOptions { Tolerance = 1e-10 } },
            new NetworkLossOptions { Precision = Precision.Float64 });
        double lambda = slice.Eigenvalues.Single();
        Assert.Equal(1, slice.DirectionNorms[0], 1e-9);
        var l = slice.Primary.Loss;
        double secondDifference = (l[0, 0] - 2 * l[0, 1] + l[0, 2]) / (h * h);
        Assert.Equal(lambda, secondDifference, 1e-4 * Math.Abs(lambda));
    }

    [Theory]
    [InlineData(SpectrumEnd.Largest, 3, 1)]
    [InlineData(SpectrumEnd.Largest, 2, 2)]
    [InlineData(SpectrumEnd.Smallest, 1, 1)]
    [InlineData(SpectrumEnd.Smallest, 2, 2)]
    public void AlongAnyEigenvectorTheLossCurvesByItsEigenvalue(SpectrumEnd end, int rank, int axes)
    {
        // The K-th eigenvector from either end against the dense Hessian's eigenvalues, and the loss's second
        // difference along each axis at the trained weights against its eigenvalue.
        var model = NetworkHessianTests.RandomModel("mlp:5:tanh", 4, 3, seed: 1);
        var options = new NetworkLossOptions { Precision = Precision.Float64 };
        const double h = 1e-3;
        var slice = LossSlices.Take(model, Rows, null, new SliceRequest
        {
            Directions = SliceDirections.Eigen,
            Axes = axes,
            Points = 3,
            Span = h,
            EigenRank = rank,
            EigenEnd = end,
            Lanczos = new LanczosOptions { Tolerance = 1e-10, BasisSize = 64 },
        }, options);
        using var loss = new NetworkLoss(model, Rows, options);
        var dense = DenseSymmetricOperator.Assemble(loss.Hessian(loss.Parameters()));
        double[] exact = global::Downhill.Analysis.Curvature.Eigen(dense.Matrix, dense.Dimension).Values;
        double scale = Math.Max(Math.Abs(exact[0]), Math.Abs(exact[^1]));
        var l = slice.Primary.Loss;
        Assert.Equal(axes, slice.Eigenvalues.Count);
        for (int a = 0; a < axes; a++)
        {
            double expected = end == SpectrumEnd.Largest ? exact[^(rank + a)] : exact[rank - 1 + a];
            Assert.Equal(expected, slice.Eigenvalues[a], 1e-9 * scale);
            Assert.Equal(1, slice.DirectionNorms[a], 1e-9);
            // Along axis a through the centre of the grid: a row of the grid for α, a column for β.
            int c = axes == 2 ? 1 : 0;
            double secondDifference = a == 0 ? (l[c, 0] - 2 * l[c, 1] + l[c, 2]) / (h * h) : (l[0, 1] - 2 * l[1, 1] + l[2, 1]) / (h * h);
            Assert.Equal(expected, secondDifference, 1e-4 * scale);
        }
        Assert.Equal((rank, end), (slice.EigenRank, slice.EigenEnd));
        if (end == SpectrumEnd.Smallest && axes == 1)
        {
            Assert.True(exact[0] < 0, "this tanh network's Hessian has a negative eigenvalue");
            Assert.Equal($"the direction is the Hessian's eigenvector of its smallest eigenvalue, λ = {slice.Eigenvalues[0].ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}: " +
                "along it the loss's second derivative at the trained weights is λ (a negative λ: the loss curves downward there)", SliceFindings.Describe(slice)[^1]);
        }
    }

    [Fact]
    public void TheSameSeedGivesTheSameSliceOnAnyNumberOfThreadsAndAnotherSeedAnother()
    {
        var model = NetworkHessianTests.RandomModel("mlp:5:relu", 4, 3, seed: 1);
        var request = new SliceRequest { Points = 4, Seed = 7 };
        var one = LossSlices.Take(model, Rows, null, request, new NetworkLossOptions { Threads = 1, BatchRows = 16 });
        var two = LossSlices.Take(model, Rows, null, request, new NetworkLossOptions { Threads = 2, BatchRows = 16 });
        var other = LossSlices.Take(model, Rows, null, request with { Seed = 8 }, new NetworkLossOptions { Threads = 1, BatchRows = 16 });
        Assert.Equal(one.Primary.Loss.Cast<double>(), two.Primary.Loss.Cast<double>());
        Assert.NotEqual(one.Primary.Loss.Cast<double>(), other.Primary.Loss.Cast<double>());
    }

    [Fact]
    public void CancellingKeepsTheRowsOfTheGridComputed()
    {
        // The grid goes a row at a time: cancelling at the 5th point of a 4×4 grid keeps the two rows already computed.
        var model = NetworkHessianTests.RandomModel("mlp:5:relu", 4, 3, seed: 1);
        using var cancel = new CancellationTokenSource();
        var observer = new CancelAfter(5, cancel);
        var slice = LossSlices.Take(model, Rows, null, new SliceRequest { Points = 4 }, null, observer, cancel.Token);
        Assert.Equal(8, slice.Evaluated);
        Assert.False(slice.Complete);
        var values = slice.Primary.Loss.Cast<double>().ToArray();
        Assert.All(values[..8], v => Assert.True(double.IsFinite(v)));
        Assert.All(values[8..], v => Assert.True(double.IsNaN(v)));
    }

    [Theory]
    [InlineData(3, 41, 1.0, "axes must be 1 or 2, not 3")]
    [InlineData(2, 1, 1.0, "grid must be 2 to 401 points per axis, not 1")]
    [InlineData(2, 41, 0.0, "span must be a positive number, not 0")]
    public void SettingsOutOfRangeNameTheirParameter(int axes, int points, double span, string expected)
    {
        var model = NetworkHessianTests.RandomModel("mlp:5:relu", 4, 3, seed: 1);
        var error = Assert.Throws<InputException>(() => LossSlices.Take(model, Rows, null, new SliceRequest { Axes = axes, Points = points, Span = span }));
        Assert.Equal(expected, error.Message);
    }

    [Theory]
    [InlineData(SliceDirections.Eigen, 0, 2, "eigenvector rank must be at least 1, not 0")]
    [InlineData(SliceDirections.Eigen, 43, 2, "44 eigenvectors of a model with 43 parameters")]
    [InlineData(SliceDirections.Random, 2, 2, "eigenvector picks an eigen slice's directions; random directions do not use it")]
    public void AnEigenvectorOutOfRangeOrWithoutEigenDirectionsIsRefused(SliceDirections directions, int rank, int axes, string expected)
    {
        var model = NetworkHessianTests.RandomModel("mlp:5:relu", 4, 3, seed: 1);
        var error = Assert.Throws<InputException>(() => LossSlices.Take(model, Rows, null, new SliceRequest { Directions = directions, EigenRank = rank, Axes = axes }));
        Assert.Equal(expected, error.Message);
    }

    private sealed class CancelAfter(int points, CancellationTokenSource cancel) : ICurvatureObserver
    {
        public void OnProgress(CurvatureProgress progress)
        {
            if (progress.Done >= points) cancel.Cancel();
        }
    }
}

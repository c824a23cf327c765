using Downhill.Curvature;
using Downhill.Curvature.Networks;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Training;
using Downhill.Optimizers;
using Downhill.Specs;

namespace Downhill.Tests.Curvature;

/// <summary>
/// The curvature tracked during training: measured at the end of every Nth epoch, at the weights that epoch ended with
/// (the last one against a dense decomposition of the final weights' Hessian), with 2/lr beside it.
/// </summary>
public class TrainingCurvatureTests
{
    [Fact]
    public void EveryNthEpochGivesTheExtremesOfTheHessianAtThatEpochsWeights()
    {
        var splits = DatasetCatalog.Load("iris", new DataLocator(), 0, 3);
        var model = Model.Create("mlp:5:tanh", 4, 3);
        Assert.True(FirstOrderOptimizers.TryCreate(Spec.Parse("sgd:lr=0.2", "optimizer"), out var gd));
        using var trainer = new Trainer(model, gd!, new TrainingOptions { Stopping = TrainingOptions.StopAfter(7), BatchSize = 120, Seed = 3 });
        using var curvature = new TrainingCurvature(model, splits.Train, every: 3,
            lanczos: new Downhill.Curvature.Spectra.LanczosOptions { Tolerance = 1e-8 });
        var seen = new List<int>();
        trainer.Fit(splits, curvature.Around(new Recorder(epoch => seen.Add(curvature.At(epoch)?.Epoch ?? 0))));

        Assert.Equal([3, 6], curvature.Measurements.Select(m => m.Epoch));
        Assert.Equal([0, 0, 3, 0, 0, 6, 0], seen); // measured before the inner observer hears of the epoch
        Assert.All(curvature.Measurements, m => Assert.Equal(10, m.StabilityLimit, 12));

        // Epoch 7 changed the weights after the last measurement: train one epoch less to compare at epoch 6's.
        var again = Model.Create("mlp:5:tanh", 4, 3);
        using (var six = new Trainer(again, gd!, new TrainingOptions { Stopping = TrainingOptions.StopAfter(6), BatchSize = 120, Seed = 3 }))
            six.Fit(splits);
        using var loss = new NetworkLoss(again, splits.Train, new NetworkLossOptions { Precision = Precision.Float64 });
        var dense = DenseSymmetricOperator.Assemble(loss.Hessian(loss.Parameters()));
        double[] exact = global::Downhill.Analysis.Curvature.Eigen(dense.Matrix, dense.Dimension).Values;
        var last = curvature.Measurements[^1];
        Assert.Equal(exact[^1], last.Largest, 1e-5 * Math.Abs(exact[^1]));
        Assert.Equal(exact[0], last.Smallest, 1e-5 * Math.Abs(exact[^1]));
    }

    [Fact]
    public void FewerThanOneEpochBetweenMeasurementsIsRefused()
    {
        var model = Model.Create("mlp:5:tanh", 4, 3);
        var rows = DatasetCatalog.Load("iris", new DataLocator(), 0, 3).Train;
        var error = Assert.Throws<InputException>(() => new TrainingCurvature(model, rows, every: 0));
        Assert.Equal("curvature-every must be at least 1 epoch, not 0", error.Message);
    }

    private sealed class Recorder(Action<int> onEpoch) : ITrainingObserver
    {
        public void OnBatch(int epoch, int batch, int batches, double loss, double? accuracy, double samplesPerSecond) { }

        public void OnIteration(EpochRecord epoch) => onEpoch(epoch.Epoch);
    }
}

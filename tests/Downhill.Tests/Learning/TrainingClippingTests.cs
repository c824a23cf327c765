using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Training;
using Downhill.Optimizers;
using Downhill.Tests.Cli;

namespace Downhill.Tests.Learning;

/// <summary>Gradient clipping in training: applied to all parameters together before each step, counted, and the remedy for a run whose gradients explode.</summary>
public class TrainingClippingTests
{
    private static readonly DataSplits Diabetes = DatasetCatalog.Load("diabetes", new DataLocator(), 0, seed: 0);

    private static (TrainingResult Result, float[] Weights) Train(GradientClipping? clipping, int epochs = 20)
    {
        var model = Model.Create("mlp:64,64", Diabetes.Train.FeatureCount, Diabetes.Train.ClassCount, Diabetes.Train.TargetWidth);
        using var trainer = new Trainer(model, new TestSgd(0.05, 0.9),
            new TrainingOptions { Stopping = TrainingOptions.StopAfter(epochs), BatchSize = 32, Seed = 0, Clipping = clipping });
        var result = trainer.Fit(Diabetes);
        return (result, model.Parameters.SelectMany(p => p.Value.ToArray()).ToArray());
    }

    [Fact]
    public void ClippingTamesARunWhoseGradientsExplode()
    {
        var (free, _) = Train(null);
        Assert.Contains(free.Diagnostics, d => d.Kind == "exploding-gradient");
        Assert.Null(free.ClippedSteps);

        var (clipped, _) = Train(GradientClipping.ByNorm(1));
        Assert.Equal(20 * 12, clipped.Steps);
        Assert.InRange(clipped.ClippedSteps!.Value, 1, clipped.Steps);
        Assert.True(clipped.Test.Loss < 0.7 * free.Test.Loss, $"clipped {clipped.Test.Loss}, free {free.Test.Loss}");
    }

    [Fact]
    public void AThresholdNeverReachedChangesNothing()
    {
        var (free, weights) = Train(null, epochs: 2);
        var (loose, looseWeights) = Train(GradientClipping.ByValue(1e30), epochs: 2);
        Assert.Equal(0, loose.ClippedSteps);
        Assert.Equal(weights, looseWeights);
        Assert.Equal(free.Test.Loss, loose.Test.Loss);
    }

    [Fact]
    public void TrainReportsTheClippedSteps()
    {
        var outcome = CliHarness.Run("train", "-d", "diabetes", "-m", "mlp:64,64", "-o", "sgd:lr=0.05,momentum=0.9", "-e", "3", "--threads", "1",
            "--clip-grad-norm", "1");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains("gradients of all parameters clipped together before each step to ‖∇f‖₂ ≤ 1", outcome.Out);
        Assert.Matches(@"gradient clipping: clipped \d+ of 36 steps \(\d+%\)", outcome.Out);

        var bad = CliHarness.Run("train", "-d", "diabetes", "-m", "linear", "--clip-grad-value", "0");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("downhill: --clip-grad-value must be a positive number, not '0'", bad.Error.Trim());
    }
}

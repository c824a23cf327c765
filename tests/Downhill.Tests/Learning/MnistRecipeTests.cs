using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Training;
using Downhill.Optimizers;
using Downhill.Specs;

namespace Downhill.Tests.Learning;

/// <summary>
/// The accuracy target on real data, end to end: MNIST, mlp:256,256 relu, adam lr=1e-3, batch 128, He initialization
/// and a cosine decay over the 5 epochs (the README's recipe). Seeds 0–4 give 98.09–98.17%; seed 0 gives 98.13% on an
/// AVX-512 machine (other vector widths round differently and land nearby). About 3 s of training on 2 cores.
/// </summary>
public class MnistRecipeTests
{
    [Fact]
    public void TheRecipePasses98PercentOnMnistInFiveEpochs()
    {
        var data = DatasetCatalog.Load("mnist", new DataLocator(), 0, seed: 0);
        var model = Model.Create("mlp:256,256", data.Train.FeatureCount, data.Train.ClassCount);
        Assert.True(FirstOrderOptimizers.TryCreate(Spec.Parse("adam:lr=1e-3"), out var adam));
        var options = new TrainingOptions
        {
            Stopping = TrainingOptions.StopAfter(5), BatchSize = 128, Seed = 0, Threads = 2, Initializer = Initializer.He, Schedule = "cosine:T_max=5",
        };
        using var trainer = new Trainer(model, adam!, options);
        var result = trainer.Fit(data);
        Assert.Equal(5, result.Epochs.Count);
        Assert.True(result.Test.Accuracy >= 0.98, $"test accuracy {result.Test.Accuracy:P2}");
        // The cosine schedule's rates, as torch's CosineAnnealingLR gives them per epoch.
        Assert.Equal(1e-3 * (1 + Math.Cos(Math.PI * 4 / 5)) / 2, result.Epochs[4].LearningRate, 12);
    }
}

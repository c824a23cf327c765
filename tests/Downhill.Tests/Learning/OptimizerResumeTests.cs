using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Training;
using Downhill.Optimizers;
using Downhill.Specs;

namespace Downhill.Tests.Learning;

/// <summary>Every optimizer of the registry, unchanged, checkpoints and resumes bit for bit.</summary>
public class OptimizerResumeTests
{
    public static TheoryData<string> Specs => new(FirstOrderOptimizers.Names
        .Where(n => n is not ("gd" or "momentum"))
        .Select(n => n == "sgd" ? "sgd:lr=0.05,momentum=0.9" : n == "adam" ? "adam:amsgrad=true" : n));

    [Theory]
    [MemberData(nameof(Specs))]
    public void TwoEpochsStraightEqualOneThenOneResumed(string spec)
    {
        var data = DatasetCatalog.Load("wine", new DataLocator(), 0.2, seed: 1);
        string dir = Path.Combine(Path.GetTempPath(), $"downhill-{spec.Replace(':', '-').Replace(',', '-')}-{Guid.NewGuid():N}");
        try
        {
            float[] Run(int epochs, bool resume, string? checkpoint)
            {
                Assert.True(FirstOrderOptimizers.TryCreate(Spec.Parse(spec), out var optimizer));
                var model = Model.Create("mlp:12", data.Train.FeatureCount, data.Train.ClassCount);
                using var trainer = new Trainer(model, optimizer!, new TrainingOptions
                {
                    Stopping = TrainingOptions.StopAfter(epochs), BatchSize = 16, Seed = 8, CheckpointDirectory = checkpoint, Resume = resume,
                });
                trainer.Fit(data);
                return model.Parameters.SelectMany(p => p.Value.ToArray()).ToArray();
            }
            float[] straight = Run(2, false, null);
            float[] first = Run(1, false, dir);
            Assert.NotEqual(straight, first);
            Assert.Equal(straight, Run(2, true, dir));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}

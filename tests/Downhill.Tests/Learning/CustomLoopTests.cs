using Downhill.Learning.Autodiff;
using Downhill.Learning.Data;
using Downhill.Learning.Losses;
using Downhill.Optimizers;
using Downhill.Specs;

namespace Downhill.Tests.Learning;

/// <summary>The pieces under `downhill train`, used directly: the loop a C# user writes (as in the README).</summary>
public class CustomLoopTests
{
    [Fact]
    public void AHandWrittenLoopFitsLogisticRegression()
    {
        var data = DatasetCatalog.Load("breast-cancer", new DataLocator(), 0, seed: 1);
        var train = data.Train;
        var w = new Parameter("w", train.FeatureCount, 1);
        var b = new Parameter("b", 1);
        var g = new Graph();
        var x = g.Input(train.Count, train.FeatureCount);
        var y = g.Input(train.Count, 1);
        var logits = g.AddBias(g.MatMul(x, g.Parameter(w)), g.Parameter(b));
        var loss = g.Loss(Loss.BinaryCrossEntropy, logits, y);
        train.Features.CopyTo(x.Value.Span);
        train.Targets.CopyTo(y.Value.Span);

        FirstOrderOptimizers.TryCreate(Spec.Parse("adam:lr=0.05"), out var adam);
        var states = new[] { adam!.CreateState<float>(w.Length), adam.CreateState<float>(b.Length) };
        double first = double.NaN;
        for (int step = 0; step < 200; step++)
        {
            g.Forward();
            if (step == 0) first = loss.Precise;
            g.Backward(loss);
            states[0].Step(w.Value.Span, w.Gradient.Span, adam.LearningRate);
            states[1].Step(b.Value.Span, b.Gradient.Span, adam.LearningRate);
        }
        Assert.Equal(Math.Log(2), first, 6);   // zero weights predict ½ everywhere
        Assert.True(loss.Precise < 0.1, $"final loss {loss.Precise}");

        // Test accuracy from the learnt weights, by hand.
        var test = data.Test;
        int correct = 0;
        for (int i = 0; i < test.Count; i++)
        {
            double z = b.Value.Span[0];
            var row = test.FeatureRow(i);
            for (int j = 0; j < row.Length; j++) z += row[j] * w.Value.Span[j];
            if ((z > 0 ? 1 : 0) == (int)test.Targets[i]) correct++;
        }
        Assert.True(correct >= 0.95 * test.Count, $"{correct} of {test.Count} right");
    }
}

using Downhill.Learning.Tensors;
using Downhill.Learning.Training;
using Downhill.Optimizers;
using Downhill.Specs;

namespace Downhill.Tests.Learning;

public class PoolRangeSplitterTests
{
    [Theory]
    [InlineData("adam:lr=1e-3", 200_704)]
    [InlineData("adam:lr=1e-3", 40_001)]
    [InlineData("sgd:lr=0.1,momentum=0.9", 65_537)]
    [InlineData("rmsprop:lr=1e-2", 1_000)]
    public void Steps_split_over_the_trainers_threads_give_the_same_bits_as_plain_steps(string spec, int length)
    {
        Assert.True(FirstOrderOptimizers.TryCreate(Spec.Parse(spec), out var optimizer));
        var plain = optimizer!.CreateState<float>(length);
        var split = optimizer.CreateState<float>(length);
        float[] p1 = new float[length], p2 = new float[length], g = new float[length];
        var random = new Random(7);
        for (int i = 0; i < length; i++) p1[i] = p2[i] = (float)random.NextDouble() - 0.5f;
        float[] initial = (float[])p1.Clone();
        using var pool = new WorkerPool(3);
        var splitter = new PoolRangeSplitter(pool);
        for (int step = 0; step < 3; step++)
        {
            for (int i = 0; i < length; i++) g[i] = (float)Math.Sin(i * 0.37 + step) + 0.01f * p1[i];
            plain.Step(p1, g, optimizer.LearningRate);
            split.SplitStep(p2, g, optimizer.LearningRate, splitter);
        }
        Assert.Equal(3, split.Steps);
        Assert.Equal(p1, p2);
        Assert.NotEqual(initial[length - 1], p2[length - 1]);
    }
}

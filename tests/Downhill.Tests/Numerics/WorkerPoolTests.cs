using Downhill.Numerics;
using Downhill.Optimizers;
using Downhill.Specs;

namespace Downhill.Tests.Numerics;

/// <summary>The one work splitter: every split gives the same bits, every item runs once, a failure surfaces.</summary>
public class WorkerPoolTests
{
    [Theory]
    [InlineData("adam:lr=1e-3", 200_704, 3)]
    [InlineData("adam:lr=1e-3", 40_001, 2)]
    [InlineData("sgd:lr=0.1,momentum=0.9", 65_537, 3)]
    [InlineData("lion:lr=1e-3,weight_decay=0.1", 100_003, 0)]
    [InlineData("rmsprop:lr=1e-2", 1_000, 3)]
    public void StepsSplitOverAPoolGiveTheSameBitsAsStepsOnOneThread(string spec, int length, int threads)
    {
        Assert.True(FirstOrderOptimizers.TryCreate(Spec.Parse(spec), out var optimizer));
        var single = optimizer!.CreateState<float>(length);
        var split = optimizer.CreateState<float>(length);
        float[] p1 = new float[length], p2 = new float[length], g = new float[length];
        var random = new Random(7);
        for (int i = 0; i < length; i++) p1[i] = p2[i] = (float)random.NextDouble() - 0.5f;
        float[] initial = (float[])p1.Clone();
        using var own = threads > 0 ? new WorkerPool(threads) : null;
        var pool = own ?? WorkerPool.OnThreadPool(4);
        for (int step = 0; step < 3; step++)
        {
            for (int i = 0; i < length; i++) g[i] = (float)Math.Sin(i * 0.37 + step) + 0.01f * p1[i];
            single.SplitStep(p1, g, optimizer.LearningRate, WorkerPool.Single);
            split.SplitStep(p2, g, optimizer.LearningRate, pool);
        }
        Assert.Equal(3, split.Steps);
        Assert.Equal(p1, p2);
        Assert.NotEqual(initial[length - 1], p2[length - 1]);
    }

    [Theory]
    [InlineData(100, 3, 16)]
    [InlineData(7, 4, 16)]
    [InlineData(1_000_003, 7, 1)]
    public void RangesCoverTheLengthInOrderOnAlignedStarts(int length, int parts, int alignment)
    {
        int next = 0;
        for (int part = 0; part < parts; part++)
        {
            var (start, end) = WorkRange.Of(part, parts, length, alignment);
            Assert.Equal(next, start);
            Assert.True(start == length || start % alignment == 0);
            Assert.True(end >= start);
            next = end;
        }
        Assert.Equal(length, next);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void ForRunsEveryItemOnceWithOneHelperPerThread(int threads)
    {
        using var own = threads > 0 ? new WorkerPool(threads) : null;
        var pool = own ?? WorkerPool.OnThreadPool();
        var hits = new int[10_000];
        int helpers = 0;
        pool.For(hits.Length, () => Interlocked.Increment(ref helpers), (i, _) => Interlocked.Increment(ref hits[i]));
        Assert.All(hits, h => Assert.Equal(1, h));
        Assert.InRange(helpers, 1, pool.Threads);
    }

    [Fact]
    public void AFailingItemIsRethrownAsItself()
    {
        var e = Assert.Throws<InputException>(() =>
            WorkerPool.OnThreadPool(2).For(1000, i => { if (i == 500) throw new InputException("item 500 refused"); }));
        Assert.Equal("item 500 refused", e.Message);
    }

    [Fact]
    public void ANegativeThreadCountIsBadInput() =>
        Assert.Equal("threads must be 0 (every core) or more, not -1",
            Assert.Throws<InputException>(() => WorkerPool.OnThreadPool(-1)).Message);
}

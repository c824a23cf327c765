using Downhill.Analysis.Tuning;
using Downhill.Studies;

namespace Downhill.Tests.Studies;

public class BlockSizeTests
{
    private static TrialRequest Trial(int index) => new(index, 0, index, 0, [], 1, 0);

    [Fact]
    public void AWorkerClaimsOneTrialUntilItHasTimedOne()
    {
        var size = new BlockSize(new TuneOptions { TrialsPerRound = 1000 });
        Assert.Equal(1, size.Next(last: null));
        size.Ran(0.01);
        // 20 trials cover 0.2 s: the block is the power of two below.
        Assert.Equal(16, size.Next(last: null));
    }

    [Fact]
    public void ABlockCoversAFifthOfASecondOfTrials()
    {
        var size = new BlockSize(new TuneOptions { TrialsPerRound = 10_000 });
        foreach (double seconds in new[] { 0.004, 0.006 }) size.Ran(seconds);
        Assert.Equal(32, size.Next(Trial(0)));
        size.Ran(0.5);
        // The mean is now 0.17 s: two trials cover a fifth of a second.
        Assert.Equal(2, size.Next(Trial(0)));
        var fast = new BlockSize(new TuneOptions { TrialsPerRound = 10_000 });
        fast.Ran(0);
        Assert.Equal(BlockSize.Largest, fast.Next(Trial(0)));
    }

    [Fact]
    public void ARoundsLastTrialsAreClaimedFewAtATime()
    {
        var size = new BlockSize(new TuneOptions { TrialsPerRound = 1000 });
        size.Ran(0.001);
        Assert.Equal(32, size.Next(Trial(0)));
        Assert.Equal(8, size.Next(Trial(839)));
        Assert.Equal(1, size.Next(Trial(980)));
        Assert.Equal(1, size.Next(Trial(999)));
    }

    [Fact]
    public void AStudyThatPrunesClaimsOneTrialAtATime()
    {
        var size = new BlockSize(new TuneOptions { TrialsPerRound = 1000, Pruning = Pruning.Parse("median") });
        size.Ran(0.001);
        Assert.Equal(1, size.Next(Trial(0)));
    }

    [Fact]
    public void AnIdleWorkerLooksAgainWithinFourTrialTimes()
    {
        var size = new BlockSize(new TuneOptions { TrialsPerRound = 100 });
        var max = TimeSpan.FromSeconds(1);
        Assert.Equal(max, size.IdlePause(max));
        size.Ran(0.008);
        Assert.Equal(TimeSpan.FromSeconds(0.032), size.IdlePause(max));
        size.Ran(10);
        Assert.Equal(max, size.IdlePause(max));
        var fast = new BlockSize(new TuneOptions { TrialsPerRound = 100 });
        fast.Ran(0.0001);
        Assert.Equal(TimeSpan.FromMilliseconds(5), fast.IdlePause(max));
    }
}

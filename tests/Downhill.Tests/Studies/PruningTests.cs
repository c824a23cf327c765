using Downhill.Analysis.Tuning;
using Downhill.Studies;

namespace Downhill.Tests.Studies;

/// <summary>
/// The pruning rules on hand-made numbers, and pruning in a study: the same trials are pruned whatever the number of
/// worker threads and however their trials' speeds interleave, because each trial is compared with the
/// lower-numbered trials alone.
/// </summary>
public class PruningTests
{
    [Fact]
    public void MedianRulePrunesWhatIsWorseThanTheMedianOfEnoughOthers()
    {
        var median = Pruning.Parse("median:startup=3,warmup=2");
        Assert.False(median.Checks(1));
        Assert.True(median.Checks(2));
        Assert.False(median.Prunes(5, [1, 2], maximize: false));          // fewer than 3 others
        Assert.False(median.Prunes(2.5, [1, 2, 3, 9], maximize: false));   // equal to the median 2.5: not worse
        Assert.True(median.Prunes(3, [1, 2, 3, 4], maximize: false));       // median 2.5 < 3
        Assert.False(median.Prunes(2, [1, 2, 3, 4], maximize: false));
        Assert.True(median.Prunes(0.5, [0.9, 0.8, 0.7], maximize: true));   // accuracy below the median 0.8
        Assert.False(median.Prunes(0.85, [0.9, 0.8, 0.7], maximize: true));
        Assert.True(median.Prunes(double.NaN, [1, 2, 3], maximize: false));
        Assert.Equal("median:startup=3,warmup=2", median.ToString());
    }

    [Fact]
    public void AshaKeepsTheBestThirdAtItsRungs()
    {
        var asha = Pruning.Parse("asha:min=1,eta=3");
        Assert.Equal([true, false, true, false, false, false, false, false, true], Enumerable.Range(1, 9).Select(asha.Checks));
        Assert.False(asha.Prunes(5, [], maximize: false));                  // the first trial is the best so far
        Assert.True(asha.Prunes(5, [4], maximize: false));                  // of two, only the best goes on
        Assert.False(asha.Prunes(2, [1, 3, 4, 5, 6], maximize: false));     // 6 competing: the best 2 go on
        Assert.True(asha.Prunes(3, [1, 2, 4, 5, 6], maximize: false));
        Assert.Equal("asha:min=1,eta=3", asha.ToString());
    }

    [Theory]
    [InlineData("median:startup=0", "median:startup must be at least 1, not 0")]
    [InlineData("asha:eta=1", "asha:eta must be at least 2, not 1")]
    [InlineData("hyperband", "unknown pruning rule 'hyperband' (expected none, median or asha)")]
    [InlineData("median:patience=2", "unknown key 'patience' for pruning rule 'median'; valid keys: startup, warmup")]
    public void BadRulesAreNamed(string text, string message) =>
        Assert.Equal(message, Assert.Throws<InputException>(() => Pruning.Parse(text)).Message);

    /// <summary>
    /// A trial's metric after epoch e falls as e grows, at a rate set by its lr; each epoch sleeps a time drawn from
    /// the trial, so with several threads trials report in a scrambled order.
    /// </summary>
    private static TrialOutcome Curve(ITrialContext trial)
    {
        double lr = trial.Request.Settings[0].Value, metric = double.NaN;
        var random = new Random((int)trial.Request.Seed);
        for (int epoch = 1; epoch <= 6; epoch++)
        {
            Thread.Sleep(random.Next(0, 4));
            metric = Math.Abs(Math.Log10(lr) + 2) + 1.0 / epoch;
            if (!trial.Report(epoch, metric)) break;
        }
        return new TrialOutcome(metric, "max-iter");
    }

    private static TuneReport Study(string pruning, int threads)
    {
        using var storage = StudyStorage.InMemory();
        var options = new TuneOptions { TrialsPerRound = 16, Rounds = 2, Seed = 4, Pruning = Pruning.Parse(pruning) };
        return StudyRunner.Run(storage, new StudyDefinition("pruned", "curve", [SearchRange.Parse("lr=1e-4..1:log")], options), Curve,
            new WorkerOptions { Threads = threads });
    }

    [Theory]
    [InlineData("median:startup=3")]
    [InlineData("asha:min=1,eta=2")]
    public void TheSameTrialsArePrunedOnOneThreadAndOnFour(string rule)
    {
        var one = Study(rule, threads: 1);
        var four = Study(rule, threads: 4);
        string Summary(TuneReport r) => string.Join("\n", r.Rounds.SelectMany(x => x.Trials)
            .Select(t => $"{t.Request.Number} {t.State} {t.Score:R} {string.Join(",", t.Reports.Select(v => v.ToString("R")))}"));
        Assert.Equal(Summary(one), Summary(four));
        var all = one.Rounds.SelectMany(r => r.Trials).ToList();
        Assert.InRange(all.Count(t => t.State == TrialState.Pruned), 4, 28);
        Assert.All(all.Where(t => t.State == TrialState.Pruned), t => Assert.Equal(t.Reports[^1], t.Score));
        Assert.All(all.Where(t => t.State == TrialState.Pruned), t => Assert.Equal("pruned", t.Outcome.Stop));
        Assert.Equal(TrialState.Finished, one.Best.State);
        Assert.Equal(all.Where(t => t.State == TrialState.Finished).Min(t => t.Score), one.Best.Score);
    }

    [Fact]
    public async Task AWorkerWaitingInPruningOnADeadWorkersTrialTakesTheTrialBack()
    {
        // Trial 0 is claimed by a worker that dies at once; the only live worker claims trial 1, whose first epoch's
        // median check waits on trial 0. Nobody claims, so only the waiting worker can expire the dead one's lease.
        using var storage = StudyStorage.InMemory();
        var options = new TuneOptions { TrialsPerRound = 4, Rounds = 1, Seed = 4, Pruning = Pruning.Parse("median:startup=1") };
        var definition = new StudyDefinition("orphaned", "curve", [SearchRange.Parse("lr=1e-4..1:log")], options);
        var dead = Assert.Single(storage.TryClaim(storage.Join(definition), "dead:1", TimeSpan.FromMilliseconds(200)));
        Assert.Equal(0, dead.Request.Number);
        var worker = new WorkerOptions { Threads = 1, Name = "live", Heartbeat = TimeSpan.FromMilliseconds(50), Grace = TimeSpan.FromMilliseconds(300) };
        // Before, the live worker waited on the dead one's trial for ever: a minute is far more than it needs.
        var report = await Task.Run(() => StudyRunner.Run(storage, definition, Curve, worker)).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(4, report.Trials);
        var snapshot = storage.Read("orphaned");
        var orphan = snapshot.Evaluations.Single(t => t.Request.Number == 0);
        Assert.Equal((TrialState.Finished, 2, "live:1"), (orphan.State, orphan.Attempts, orphan.Worker));
        Assert.Equal([("dead:1", 1, true)], snapshot.Losses.Select(l => (l.Worker, l.Attempt, l.Requeued)));
    }
}

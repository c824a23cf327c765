using Downhill.Analysis.Tuning;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;
using Downhill.Studies;

namespace Downhill.Tests.Analysis;

public class NarrowingSearchTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("downhill-tune-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly SearchRange[] Ranges = [SearchRange.Parse("lr=1e-5..1:log"), SearchRange.Parse("momentum=0..0.99")];

    /// <summary>A bowl in (log₁₀ lr, momentum) with its bottom at lr = 1e-2, momentum = 0.5.</summary>
    private static TrialOutcome Bowl(TrialRequest request)
    {
        double lr = request.Settings[0].Value, m = request.Settings[1].Value;
        double score = Math.Pow(Math.Log10(lr) + 2, 2) + Math.Pow(m - 0.5, 2);
        return new TrialOutcome(score / request.BudgetShare, lr > 0.5 ? "diverged" : "max-iter");
    }

    [Fact]
    public void ARunTrialScoresFAtItsEndAndADivergedRunScoresWorst()
    {
        var rosenbrock = FunctionResolver.Resolve("rosenbrock", 2).Objective;
        var options = RunOptions.Default with { Stopping = StoppingRules.Default.With(new MaxIterations(50)) };
        var calm = Minimizer.Run(rosenbrock, [-1.2, 1.0], Methods.Parse("gd:lr=1e-4"), options);
        var wild = Minimizer.Run(rosenbrock, [-1.2, 1.0], Methods.Parse("gd:lr=1"), options);

        var settled = TrialOutcome.OfRun(calm);
        Assert.Equal((calm.F, "max-iter"), (settled.Score, settled.Stop));
        var diverged = TrialOutcome.OfRun(wild);
        Assert.Equal((double.PositiveInfinity, "diverged"), (diverged.Score, diverged.Stop));
        // Last whichever way the study ranks.
        var requests = new TrialRequest(0, 0, 0, 0, [], 1, 0);
        Trial Of(TrialOutcome outcome, int number) => new(requests with { Number = number }, outcome, Stored: false);
        Assert.True(Trial.Compare(Of(settled, 1), Of(diverged, 0), maximize: false) < 0);
        Assert.True(Trial.Compare(Of(settled, 1), Of(diverged, 0), maximize: true) < 0);
    }

    [Fact]
    public void ADivergedOrUnscoredRunScoresTheWorstInTheStudysDirection()
    {
        // One definition for function and training trials: +∞ where the study minimizes, −∞ where it maximizes.
        Assert.Equal((double.PositiveInfinity, "diverged"), (TrialOutcome.Scored(0.3, StopReason.Diverged, maximize: false) is var a ? (a.Score, a.Stop) : default));
        Assert.Equal(double.NegativeInfinity, TrialOutcome.Scored(0.9, StopReason.Diverged, maximize: true).Score);
        Assert.Equal(double.NegativeInfinity, TrialOutcome.Scored(double.NaN, StopReason.MaxIter, maximize: true).Score);
        Assert.Equal(double.PositiveInfinity, TrialOutcome.Scored(double.NaN, StopReason.MaxIter, maximize: false).Score);
        Assert.Equal((0.9, "max-iter"), TrialOutcome.Scored(0.9, StopReason.MaxIter, maximize: true) is var b ? (b.Score, b.Stop) : default);
    }

    [Fact]
    public void RangesParseWithTheirScale()
    {
        var lr = SearchRange.Parse("lr=1e-5..1:log");
        Assert.Equal(("lr", 1e-5, 1.0, RangeScale.Log), (lr.Name, lr.Low, lr.High, lr.Scale));
        var m = SearchRange.Parse("momentum=0..0.99");
        Assert.Equal(("momentum", 0.0, 0.99, RangeScale.Linear), (m.Name, m.Low, m.High, m.Scale));
        Assert.Equal(1e-3, lr.At(0.4).Value, 12);
        Assert.Equal(0.495, m.At(0.5).Value, 12);
    }

    [Theory]
    [InlineData("lr", "expected name=low..high[:log][:int] or name=a,b,c", 0)]
    [InlineData("lr=1e-5", "expected low..high, or choices a,b,c", 3)]
    [InlineData("lr=abc..1", "range lr must be a number, not 'abc'", 3)]
    [InlineData("lr=0..1:log", "range lr: a log range needs a positive low end, not 0", 3)]
    [InlineData("lr=1..0", "range lr: low 1 must be finite and not above high 0", 3)]
    [InlineData("lr=1e-5..1:cubic", "unknown scale 'cubic' (expected log, linear or int)", 11)]
    [InlineData("batch=16.5..512:int", "range batch: a whole-number range needs whole ends, not 16.5..512", 6)]
    [InlineData("act=relu,,tanh", "range act: every choice needs a value", 4)]
    [InlineData("act=relu,tanh,relu", "range act: choice 'relu' is listed twice", 4)]
    public void BadRangesAreNamedWithACaret(string text, string message, int position)
    {
        var e = Assert.Throws<InputException>(() => SearchRange.Parse(text));
        Assert.Equal(message, e.Message);
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void NarrowingKeepsTheHullOfTheBestPaddedAndClipped()
    {
        var m = SearchRange.Parse("m=0..1");
        var narrowed = m.NarrowTo([0.4, 0.6]);
        Assert.Equal(0.35, narrowed.Low, 12);
        Assert.Equal(0.65, narrowed.High, 12);
        var single = m.NarrowTo([0.99]);
        Assert.Equal(0.9, single.Low, 12);
        Assert.Equal(1.0, single.High, 12);
        var lr = SearchRange.Parse("lr=1e-6..1:log").NarrowTo([1e-3]);
        Assert.Equal(1e-3 * Math.Pow(10, -0.3), lr.Low, 15);
        Assert.Equal(1e-3 * Math.Pow(10, 0.3), lr.High, 15);
    }

    [Fact]
    public void StudyNarrowsTowardsTheBestSetting()
    {
        var report = StudyRunner.Run(Ranges, Bowl, new TuneOptions { TrialsPerRound = 30, Rounds = 4, Seed = 3, Threads = 1 });
        Assert.Equal(120, report.Trials);
        Assert.Equal(120, report.Evaluated);
        Assert.Equal(0, report.Loaded);
        for (int r = 1; r < 4; r++)
        {
            var before = report.Rounds[r - 1].Ranges[0];
            var after = report.Rounds[r].Ranges[0];
            Assert.True(Math.Log(after.High / after.Low) < Math.Log(before.High / before.Low), $"round {r + 1}: {after} vs {before}");
            Assert.InRange(1e-2, after.Low, after.High);
        }
        Assert.InRange(report.Best.Settings[0].Value, 5e-3, 2e-2);
        Assert.InRange(report.Best.Settings[1].Value, 0.4, 0.6);
        Assert.Equal(report.Rounds.SelectMany(r => r.Trials).Min(t => t.Score), report.Best.Score);
        Assert.All(report.Rounds.SelectMany(r => r.Trials), t => Assert.InRange(t.Settings[0].Value, 1e-5, 1));
    }

    [Fact]
    public void SameStudyOnOneAndTwoThreads()
    {
        var one = StudyRunner.Run(Ranges, Bowl, new TuneOptions { TrialsPerRound = 20, Rounds = 3, Seed = 5, Threads = 1, Halving = true });
        var two = StudyRunner.Run(Ranges, Bowl, new TuneOptions { TrialsPerRound = 20, Rounds = 3, Seed = 5, Threads = 2, Halving = true });
        Assert.Equal(Flatten(one), Flatten(two));
    }

    [Fact]
    public void SuccessiveHalvingGivesTheFullBudgetToTheBestQuarter()
    {
        var report = StudyRunner.Run(Ranges, Bowl, new TuneOptions { TrialsPerRound = 20, Rounds = 1, Seed = 5, Threads = 1, Halving = true });
        var rungs = report.Rounds[0].Trials.GroupBy(t => t.Request.Rung).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<int, int> { [0] = 10, [1] = 5, [2] = 5 }, rungs);
        Assert.Equal(20 + 10 + 5, report.Evaluated);
        Assert.Equal(2, report.Best.Request.Rung);
        Assert.Equal(1.0, report.Best.Request.BudgetShare);
    }

    /// <summary>Runs the study on <paramref name="storage"/> as one worker process with the options' threads.</summary>
    private static TuneReport Run(IStudyStorage storage, TuneOptions options, Func<TrialRequest, TrialOutcome> evaluate, string objective = "bowl") =>
        StudyRunner.Run(storage, new StudyDefinition("default", objective, Ranges, options), trial => evaluate(trial.Request),
            new WorkerOptions { Threads = options.Threads });

    private static int Ended(string path)
    {
        using var storage = StudyStorage.Open(path);
        return storage.Read("default").Ended.Count;
    }

    [Fact]
    public void AStudyCutOffMidwayContinuesFromItsFileToTheUninterruptedResult()
    {
        var options = new TuneOptions { TrialsPerRound = 10, Rounds = 3, Seed = 11, Threads = 2 };
        var whole = StudyRunner.Run(Ranges, Bowl, options);

        string path = Path.Combine(_folder, "study.db");
        int calls = 0;
        using (var storage = StudyStorage.Open(path))
        {
            // The 15th evaluation dies half-way: nothing of it may be stored.
            Assert.Throws<InvalidOperationException>(() => Run(storage, options with { Threads = 1 }, request =>
                Interlocked.Increment(ref calls) >= 15 ? throw new InvalidOperationException("killed") : Bowl(request)));
        }
        Assert.Equal(14, Ended(path));
        TuneReport resumed;
        int rerun = 0;
        using (var storage = StudyStorage.Open(path))
            resumed = Run(storage, options, r => { Interlocked.Increment(ref rerun); return Bowl(r); });
        Assert.Equal(14, resumed.Loaded);
        Assert.Equal(16, resumed.Evaluated);
        Assert.Equal(16, rerun);
        Assert.Equal(Flatten(whole), Flatten(resumed));
        using (var storage = StudyStorage.Open(path))
        {
            var again = Run(storage, options, _ => throw new InvalidOperationException("nothing should run"));
            Assert.Equal(30, again.Loaded);
            Assert.Equal(0, again.Evaluated);
            Assert.Equal(Flatten(whole), Flatten(again));
        }
    }

    [Fact]
    public void NonFiniteScoresSurviveTheFile()
    {
        string path = Path.Combine(_folder, "nan.db");
        var options = new TuneOptions { TrialsPerRound = 4, Rounds = 1, Seed = 1, Threads = 1 };
        TrialOutcome Diverge(TrialRequest r) => new(r.Index % 2 == 0 ? double.NaN : double.PositiveInfinity, "diverged");
        using (var storage = StudyStorage.Open(path)) Run(storage, options, Diverge);
        using (var storage = StudyStorage.Open(path))
        {
            var report = Run(storage, options, _ => throw new InvalidOperationException());
            Assert.Equal([double.NaN, double.PositiveInfinity, double.NaN, double.PositiveInfinity], report.Rounds[0].Trials.Select(t => t.Score));
        }
    }

    [Fact]
    public void AFileOfAnotherStudyIsRefusedNamingTheSettingThatDiffers()
    {
        string path = Path.Combine(_folder, "other.db");
        var options = new TuneOptions { TrialsPerRound = 3, Rounds = 1, Seed = 1, Threads = 1 };
        using (var storage = StudyStorage.Open(path)) Run(storage, options, Bowl);
        using (var storage = StudyStorage.Open(path))
        {
            var e = Assert.Throws<InputException>(() => Run(storage, options with { Seed = 2 }, Bowl));
            Assert.Equal($"study 'default' in '{path}' was made with seed=1; this run asks for seed=2: join it with the same settings, or name another study", e.Message);
        }
    }

    [Fact]
    public void StorageInAMissingFolderIsBadInput()
    {
        var e = Assert.Throws<InputException>(() => StudyStorage.Open(Path.Combine(_folder, "no", "such.db")));
        Assert.Equal($"study file '{Path.Combine(_folder, "no", "such.db")}': folder '{Path.Combine(_folder, "no")}' does not exist", e.Message);
    }

    private static List<string> Flatten(TuneReport report) =>
        report.Rounds.SelectMany((round, r) =>
            new[] { $"round {r}: {string.Join(' ', round.Ranges)}" }
                .Concat(round.Trials.Select(t => $"{t.Request.SettingsText} rung={t.Request.Rung} {t.Score:R} {t.Outcome.Stop}")))
            .Append($"best {report.Best.Request.SettingsText}")
            .ToList();
}

using Downhill.Analysis.Tuning;
using Downhill.Studies;
using Microsoft.Data.Sqlite;

namespace Downhill.Tests.Studies;

/// <summary>
/// The storage's guarantees, checked call by call on an SQLite file and on PostgreSQL: claims unique and gap-free,
/// leases that lapse re-queue their trial (with its history) and fail it past the retries, a lost claim cannot end
/// its trial, studies stay apart, and a storage of a newer schema is refused untouched.
/// </summary>
[Collection("postgres")]
public sealed class StudyStorageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("downhill-storage-").FullName;
    private readonly List<string> _databases = [];

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        foreach (string url in _databases) TestPostgres.Drop(url);
    }

    private string Sqlite() => Path.Combine(_folder, $"{Guid.NewGuid():N}.db");

    private string Postgres()
    {
        string url = TestPostgres.NewDatabase();
        _databases.Add(url);
        return url;
    }

    private static readonly SearchRange[] Ranges = [SearchRange.Parse("lr=1e-4..1:log")];

    private static StudyDefinition Study(string name, int trials, int rounds = 1, int retries = 2, long seed = 1) =>
        new(name, "test", Ranges, new TuneOptions { TrialsPerRound = trials, Rounds = rounds, Seed = seed, Retries = retries });

    [Fact]
    public void SqliteLeasesThatLapseAreQueuedAgainThenFailed() => LeasesLapse(Sqlite());

    [PostgresFact]
    public void PostgresLeasesThatLapseAreQueuedAgainThenFailed() => LeasesLapse(Postgres());

    private static void LeasesLapse(string location)
    {
        using var storage = StudyStorage.Open(location);
        var study = storage.Join(Study("lapse", trials: 1, retries: 1));
        var brief = TimeSpan.FromMilliseconds(1);
        var first = Assert.Single(storage.TryClaim(study, "a:1", brief));
        Assert.Equal((0, 1), (first.Request.Number, first.Attempt));
        Thread.Sleep(30);
        var second = Assert.Single(storage.TryClaim(study, "b:1", brief, count: 3));
        Assert.Equal((0, 2), (second.Request.Number, second.Attempt));
        Assert.False(storage.End(first, new TrialOutcome(1, "max-iter"), 0.1));
        Assert.Equal([first], storage.Renew([first], TimeSpan.FromSeconds(5)));
        Thread.Sleep(30);
        Assert.Empty(storage.TryClaim(study, "c:1", brief));
        Assert.True(storage.Status(study).Done);
        var snapshot = storage.Read("lapse");
        var trial = Assert.Single(snapshot.Evaluations);
        Assert.Equal(TrialState.Failed, trial.State);
        Assert.Equal("lost 2 times (last by b:1)", trial.Outcome.Stop);
        Assert.Equal([("a:1", 1, true), ("b:1", 2, false)], snapshot.Losses.Select(l => (l.Worker, l.Attempt, l.Requeued)));
    }

    [Fact]
    public void SqliteATrialQueuedAgainIsClaimedAlone() => QueuedAgainAlone(Sqlite());

    [PostgresFact]
    public void PostgresATrialQueuedAgainIsClaimedAlone() => QueuedAgainAlone(Postgres());

    /// <summary>
    /// A worker dies holding a block of two. The live worker asks for four at a time: its first claim takes four fresh
    /// trials and finds the lapsed leases, which it queues again; then it gets each of the dead worker's two alone
    /// (were they claimed together and lost again, each would spend a retry on the other's account), then the last
    /// fresh trial. Its own leases renew; the dead worker's are reported lost.
    /// </summary>
    private static void QueuedAgainAlone(string location)
    {
        using var storage = StudyStorage.Open(location);
        var study = storage.Join(Study("alone", trials: 7));
        var dead = storage.TryClaim(study, "dead:1", TimeSpan.FromMilliseconds(1), count: 3);
        // A block is a power of two: up to 3 is 2.
        Assert.Equal([0, 1], dead.Select(c => c.Request.Number));
        Thread.Sleep(30);
        var lease = TimeSpan.FromMinutes(1);
        var blocks = new List<int[]>();
        for (var block = storage.TryClaim(study, "live:1", lease, count: 4); block.Count > 0;)
        {
            blocks.Add([.. block.Select(c => c.Request.Number)]);
            Assert.Empty(storage.Renew(block, lease));
            (var endedNow, block) = storage.EndAndClaim([.. block.Select(c => new TrialEnd(c, new TrialOutcome(c.Request.Number, "max-iter"), 0.1))], 4, lease);
            Assert.Equal(blocks[^1], endedNow.Select(c => c.Request.Number));
        }
        Assert.Equal([[2, 3, 4, 5], [0], [1], [6]], blocks);
        Assert.Equal(dead, storage.Renew(dead, lease));
        var snapshot = storage.Read("alone");
        Assert.True(snapshot.Done);
        Assert.Equal([0.0, 1, 2, 3, 4, 5, 6], snapshot.Ended.Select(t => t.Outcome.Score));
        Assert.Equal([(0, 1, true), (1, 1, true)], snapshot.Losses.OrderBy(l => l.Number).Select(l => (l.Number, l.Attempt, l.Requeued)));
    }

    [Fact]
    public void SqliteAClaimTakesNoMoreThanItAsks() => ClaimsTakeWhatTheyAsk(Sqlite(), analyze: null);

    [PostgresFact]
    public void PostgresAClaimTakesNoMoreThanItAsks() => ClaimsTakeWhatTheyAsk(Postgres(), analyze: url => TestPostgres.Column(url, "ANALYZE"));

    /// <summary>
    /// Claims of 1, 2, 4 and 8 take exactly that many trials, the lowest-numbered, in a study newer than the server's
    /// statistics (the common case: the statistics know a study of 300 trials and estimate one row for the new one).
    /// With those estimates PostgreSQL ran a claim's selection once per trial of the study, and a claim of one took
    /// all 40.
    /// </summary>
    private static void ClaimsTakeWhatTheyAsk(string location, Action<string>? analyze)
    {
        using var storage = StudyStorage.Open(location);
        storage.Join(Study("old", trials: 300));
        analyze?.Invoke(location);
        var study = storage.Join(Study("new", trials: 40));
        var lease = TimeSpan.FromMinutes(1);
        int next = 0;
        foreach (int count in new[] { 1, 2, 4, 8 })
        {
            Assert.Equal(Enumerable.Range(next, count), storage.TryClaim(study, $"w:{count}", lease, count).Select(c => c.Request.Number));
            next += count;
        }
        Assert.Equal(15, storage.Read("new").Evaluations.Count(t => t.State == TrialState.Running));
    }

    [Fact]
    public void SqliteClaimsAreUniqueAndGapFreeUnderContention() => ClaimsUnderContention(Sqlite());

    [PostgresFact]
    public void PostgresClaimsAreUniqueAndGapFreeUnderContention() => ClaimsUnderContention(Postgres());

    /// <summary>
    /// Eight threads (each its own storage, as separate workers would be) claim and end 120 trials in two rounds; half
    /// of them claim one trial at a time and end it, the others claim blocks of up to four and end each block while
    /// claiming the next in one call, as the study's workers do.
    /// </summary>
    private static void ClaimsUnderContention(string location)
    {
        var definition = Study("contention", trials: 60, rounds: 2);
        using (var creator = StudyStorage.Open(location)) creator.Join(definition);
        var claimed = new System.Collections.Concurrent.ConcurrentBag<(int Number, int Attempt)>();
        var lease = TimeSpan.FromMinutes(1);
        var threads = Enumerable.Range(0, 8).Select(k => new Thread(() =>
        {
            using var storage = StudyStorage.Open(location);
            var study = storage.Join(definition);
            int count = k % 2 == 0 ? 1 : 4;
            IReadOnlyList<Claim> block = [];
            while (true)
            {
                if (block.Count == 0) block = storage.TryClaim(study, $"w:{k}", lease, count);
                if (block.Count == 0)
                {
                    if (storage.Status(study).Done) return;
                    Thread.Sleep(2);
                    continue;
                }
                Assert.InRange(block.Count, 1, count);
                Assert.Equal(block.Select(c => c.Request.Number).Order(), block.Select(c => c.Request.Number));
                foreach (var claim in block) claimed.Add((claim.Request.Number, claim.Attempt));
                var ends = block.Select(c => new TrialEnd(c, new TrialOutcome(c.Request.Settings[0].Value, "max-iter"), 0)).ToList();
                if (count == 1)
                {
                    Assert.True(storage.End(ends[0].Claim, ends[0].Outcome, 0));
                    block = [];
                }
                else
                {
                    (var endedNow, block) = storage.EndAndClaim(ends, count, lease);
                    Assert.Equal(ends.Select(e => e.Claim), endedNow);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(Enumerable.Range(0, 120), claimed.Select(c => c.Number).Order());
        Assert.All(claimed, c => Assert.Equal(1, c.Attempt));
        using var reader = StudyStorage.Open(location);
        var snapshot = reader.Read("contention");
        Assert.True(snapshot.Done);
        Assert.Equal(120, snapshot.Ended.Count);
        Assert.Equal(2, snapshot.RoundRanges.Count);
    }

    [PostgresFact]
    public void TwoStudiesInOneDatabaseStayApart()
    {
        string url = Postgres();
        using var storage = StudyStorage.Open(url);
        var a = StudyRunner.Run(storage, Study("a", trials: 5, seed: 1), t => new TrialOutcome(t.Request.Settings[0].Value, "max-iter"));
        var b = StudyRunner.Run(storage, Study("b", trials: 7, seed: 2), t => new TrialOutcome(-t.Request.Settings[0].Value, "max-iter"));
        Assert.Equal((5, 7), (a.Trials, b.Trials));
        Assert.Equal(["a", "b"], storage.List().Select(s => s.Name));
        Assert.Equal([5, 7], storage.List().Select(s => s.Ended));
        Assert.All(storage.Read("a").Evaluations, t => Assert.Equal(t.Settings[0].Value, t.Score));
        Assert.All(storage.Read("b").Evaluations, t => Assert.Equal(-t.Settings[0].Value, t.Score));
        var e = Assert.Throws<InputException>(() => storage.Join(Study("a", trials: 6)));
        Assert.Equal($"study 'a' in {storage.Location} was made with trials=5; this run asks for trials=6: join it with the same settings, or name another study", e.Message);
    }

    [Fact]
    public void AChangedStudyIsRefusedNamingEveryDifference()
    {
        using var storage = StudyStorage.Open(Sqlite());
        storage.Join(Study("x", trials: 20));
        SearchRange lr = SearchRange.Parse("lr=1e-3..1:log"), momentum = SearchRange.Parse("momentum=0..0.9");
        var changed = Study("x", trials: 30) with { Ranges = [lr, momentum] };
        var e = Assert.Throws<InputException>(() => storage.Join(changed));
        Assert.Equal($"study 'x' in {storage.Location} was made with {Ranges[0]}, no momentum range and trials=20; this run asks for {lr}, {momentum} " +
                     "and trials=30: join it with the same settings, or name another study", e.Message);
        Assert.Equal("lr=0.001..1:log", lr.ToString());
        // The objective's items are told apart by their keys, even where a value holds spaces (an expression).
        var objective = Assert.Throws<InputException>(() => storage.Join(Study("x", trials: 20) with { Objective = "test start=1,2 f=x^2 + y" }));
        Assert.Equal($"study 'x' in {storage.Location} was made with no start and no f; this run asks for start=1,2 and f=x^2 + y: " +
                     "join it with the same settings, or name another study", objective.Message);
    }

    [Fact]
    public void SqliteOfANewerSchemaIsRefusedUntouched()
    {
        string path = Sqlite();
        using (var storage = StudyStorage.Open(path)) storage.Join(Study("s", trials: 2));
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE downhill_schema SET version = 99";
            command.ExecuteNonQuery();
        }
        byte[] before = File.ReadAllBytes(path);
        var e = Assert.Throws<InputException>(() => StudyStorage.Open(path));
        Assert.Equal($"'{path}' holds studies written by a newer Downhill (schema 99; this one reads up to 2): upgrade Downhill to use it", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void SqliteOfSchema1IsMigratedAndItsStudyGoesOn()
    {
        // A study two trials into its first round, written by this build ...
        string current = Sqlite(), old = Sqlite();
        var study = Study("m", trials: 4, rounds: 2);
        using (var storage = StudyStorage.Open(current))
        {
            var handle = storage.Join(study);
            for (int k = 0; k < 2; k++)
            {
                var claim = Assert.Single(storage.TryClaim(handle, "a:1", TimeSpan.FromMinutes(1)));
                Assert.True(storage.End(claim, new TrialOutcome(claim.Request.Settings[0].Value, "max-iter"), 0.1));
            }
        }
        // ... copied into a schema 1 file, whose stage row counted its evaluations down as they ended.
        using (var connection = new SqliteConnection($"Data Source={old};Pooling=False"))
        {
            connection.Open();
            foreach (string sql in StudySchema.Migration(1, SqlDialect.Sqlite).Concat([
                         "UPDATE downhill_schema SET version = 1", $"ATTACH DATABASE '{current}' AS b",
                         "INSERT INTO downhill_studies SELECT * FROM b.downhill_studies", "INSERT INTO downhill_trials SELECT * FROM b.downhill_trials",
                         "INSERT INTO downhill_stages (study_id, round, rung, ranges, open_count) SELECT study_id, round, rung, ranges, 2 FROM b.downhill_stages"]))
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }
        }
        TuneReport report;
        using (var storage = StudyStorage.Open(old))
        {
            report = StudyRunner.Run(storage, study, t => new TrialOutcome(t.Request.Settings[0].Value, "max-iter"));
            Assert.Equal(8, storage.Read("m").Ended.Count);
        }
        var alone = StudyRunner.Run(Ranges, r => new TrialOutcome(r.Settings[0].Value, "max-iter"), study.Options);
        Assert.Equal((alone.Best.Request.Number, alone.Best.Score), (report.Best.Request.Number, report.Best.Score));
        using (var connection = new SqliteConnection($"Data Source={old};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT version FROM downhill_schema), (SELECT group_concat(name, ' ') FROM pragma_table_info('downhill_stages'))";
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal((2L, "study_id round rung ranges closed_at"), (reader.GetInt64(0), reader.GetString(1)));
        }
    }

    [PostgresFact]
    public void PostgresOfANewerSchemaIsRefusedUntouched()
    {
        string url = Postgres();
        using (var storage = StudyStorage.Open(url)) storage.Join(Study("s", trials: 2));
        TestPostgres.Column(url, "UPDATE downhill_schema SET version = 99");
        var e = Assert.Throws<InputException>(() => StudyStorage.Open(url));
        Assert.Contains("holds studies written by a newer Downhill (schema 99; this one reads up to 2)", e.Message);
        Assert.Equal([99], TestPostgres.Column(url, "SELECT version FROM downhill_schema"));
        Assert.Equal([2L], TestPostgres.Column(url, "SELECT COUNT(*) FROM downhill_trials"));
    }

    [PostgresFact]
    public void NanAndInfinitiesRoundTripThroughPostgres()
    {
        string url = Postgres();
        double[] scores = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.1];
        using var storage = StudyStorage.Open(url);
        var report = StudyRunner.Run(storage, Study("nan", trials: 4), t => new TrialOutcome(scores[t.Request.Index], "max-iter"));
        Assert.Equal(scores, report.Rounds[0].Trials.Select(t => t.Score));
        Assert.Equal(3, report.Best.Request.Number);
    }
}

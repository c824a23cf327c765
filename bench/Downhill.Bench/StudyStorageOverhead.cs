using System.Diagnostics;
using Downhill.Analysis.Tuning;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;
using Downhill.Studies;
using Npgsql;

namespace Downhill.Bench;

/// <summary>
/// What a study's storage costs a trial, on a PostgreSQL server (for example the one tools/postgres/test-cluster runs):
/// <c>study-overhead URL [rounds]</c> times the storage calls of one trial (claim, two lease renewals, five epoch reports
/// each carrying the pruning rule's read, end: nine calls, one round trip each) in a study of 100 trials and in one of 100,000 (the first 99,800 ended
/// beforehand, in bulk, so the timed trials are the study's last), after an untimed warm-up, in alternating rounds; <c>study-throughput URL [workers] [trials] [iterations]
/// [rounds]</c> runs the same fast trials (sgd on Rosenbrock) on 8 worker threads with no storage and through
/// PostgreSQL, in alternating rounds, and compares trials per second.
/// </summary>
public static class StudyStorageOverhead
{
    public static int Run(string[] args)
    {
        if (args.Length < 2) { Console.Error.WriteLine("usage: study-overhead URL [rounds] | study-throughput URL [workers] [trials] [iterations] [rounds]"); return 2; }
        return args[0] == "study-overhead" ? Overhead(args[1], Arg(args, 2, 3)) : Throughput(args[1], Arg(args, 2, 8), Arg(args, 3, 1000), Arg(args, 4, 20000), Arg(args, 5, 3));
    }

    private static int Arg(string[] args, int k, int fallback) => args.Length > k ? int.Parse(args[k], System.Globalization.CultureInfo.InvariantCulture) : fallback;

    private static readonly SearchRange[] Ranges = [SearchRange.Parse("lr=1e-6..1e-4:log"), SearchRange.Parse("momentum=0..0.9")];

    private static int Overhead(string url, int rounds)
    {
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}; {Environment.ProcessorCount} cores");
        // One untimed study first, so that compiling the code paths and filling the connection pool are not timed.
        Measure(url, 50, 50);
        var p95 = new Dictionary<int, List<double>> { [100] = [], [100_000] = [] };
        for (int round = 1; round <= rounds; round++)
            foreach (int size in p95.Keys)
            {
                var m = Measure(url, size, Math.Min(size, 200));
                p95[size].Add(m.P95);
                Console.WriteLine($"round {round}, study of {size:N0} trials (joined in {m.Join:0.00} s): storage per trial over {m.Timed} trials: " +
                                  $"p50 {m.P50:0.00} ms, p95 {m.P95:0.00} ms, p99 {m.P99:0.00} ms, max {m.Max:0.00} ms " +
                                  $"(9 calls each; p50 ms a call {m.Profile}); the last trial's end and the claim that closes the study took {m.Close:0.0} ms");
            }
        foreach (var (size, values) in p95)
            Console.WriteLine($"median over {rounds} rounds: p95 {Median(values):0.00} ms a trial in a study of {size:N0} trials (target ≤ 5 ms); load: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    /// <summary>The storage calls of the last <paramref name="timed"/> trials of a new study of <paramref name="size"/> trials, each timed.</summary>
    private static (double Join, int Timed, double P50, double P95, double P99, double Max, double Close, string Profile) Measure(string url, int size, int timed)
    {
        using var storage = StudyStorage.Open(url);
        var definition = new StudyDefinition($"overhead-{size}-{Guid.NewGuid():N}", "bench", Ranges,
            new TuneOptions { TrialsPerRound = size, Rounds = 1, Pruning = Pruning.Parse("median") });
        var clock = Stopwatch.StartNew();
        var study = storage.Join(definition);
        double join = clock.Elapsed.TotalSeconds;
        if (size > timed) FastForward(url, study.Id, size - timed);
        var lease = TimeSpan.FromSeconds(15);
        var costs = new List<double>();
        var calls = new Dictionary<string, List<double>> { ["claim"] = [], ["renew"] = [], ["report"] = [], ["end"] = [] };
        double close = 0;
        T Timed<T>(string call, Func<T> work)
        {
            long before = Stopwatch.GetTimestamp();
            var result = work();
            calls[call].Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
            return result;
        }
        for (int k = 0; k < timed; k++)
        {
            clock.Restart();
            var claim = Timed("claim", () => storage.TryClaim(study, "bench:1", lease))!;
            Timed("renew", () => storage.Renew(claim, lease));
            for (int epoch = 1; epoch <= 5; epoch++)
                Timed("report", () => storage.Report(claim, epoch, 1.0 / epoch + claim.Request.Settings[0].Value, lease,
                    referenceFrom: Math.Max(0, claim.Request.Number - 8)));
            Timed("renew", () => storage.Renew(claim, lease));
            var beforeEnd = clock.Elapsed.TotalMilliseconds;
            Timed("end", () => storage.End(claim, new TrialOutcome(claim.Request.Settings[0].Value, "max-iter"), 0.01));
            if (k == timed - 1) close = clock.Elapsed.TotalMilliseconds - beforeEnd;
            else costs.Add(clock.Elapsed.TotalMilliseconds);
        }
        // The claim that finds the study's last stage all ended closes it (and the study).
        clock.Restart();
        if (storage.TryClaim(study, "bench:1", lease) is not null) throw new InvalidOperationException("a trial was left after the study's last");
        close += clock.Elapsed.TotalMilliseconds;
        if (!storage.Status(study).Done) throw new InvalidOperationException("the study did not close");
        costs.Sort();
        string profile = string.Join(", ", calls.Select(c => $"{c.Key} {Quantile(c.Value.Order().ToList(), 0.5):0.00}"));
        return (join, costs.Count, Quantile(costs, 0.5), Quantile(costs, 0.95), Quantile(costs, 0.99), costs[^1], close, profile);
    }

    /// <summary>Ends the first <paramref name="count"/> trials in bulk, each with five reports, as if workers had run them.</summary>
    private static void FastForward(string url, long study, int count)
    {
        using var source = NpgsqlDataSource.Create(Connection(url));
        using var connection = source.OpenConnection();
        foreach (string sql in new[]
                 {
                     $"UPDATE downhill_trials SET state = 'finished', attempts = 1, worker = 'bench:0', score = number * 1e-6, stop = 'max-iter', seconds = 0.01, last_epoch = 5, started_at = 0, ended_at = 0 WHERE study_id = {study} AND number < {count}",
                     $"INSERT INTO downhill_reports (study_id, number, rung, epoch, value) SELECT {study}, n, 0, e, 1.0 / e FROM generate_series(0, {count - 1}) n, generate_series(1, 5) e",
                     // The vacuums autovacuum runs every 2,000 dead rows (see StudySchema's TrialsChurn) while workers end
                     // trials one by one; without them the bulk update leaves 99,800 dead index entries for the claims to walk.
                     "VACUUM ANALYZE downhill_trials", "VACUUM ANALYZE downhill_reports",
                 })
        {
            using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
            command.ExecuteNonQuery();
        }
    }

    private static string Connection(string url)
    {
        var uri = new Uri(url);
        string[] user = uri.UserInfo.Split(':', 2);
        return new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host, Port = uri.Port, Username = Uri.UnescapeDataString(user[0]), Password = Uri.UnescapeDataString(user[1]),
            Database = uri.AbsolutePath.Trim('/'),
        }.ConnectionString;
    }

    private static int Throughput(string url, int workers, int trials, int iterations, int rounds)
    {
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}; {Environment.ProcessorCount} cores, {workers} workers, {trials} trials of {iterations} sgd iterations on Rosenbrock (20 variables)");
        var rosenbrock = FunctionResolver.Resolve("rosenbrock", 20).Objective;
        double[] start = Enumerable.Repeat(-1.0, 20).ToArray();
        var options = new TuneOptions { TrialsPerRound = trials, Rounds = 1, Seed = 3 };
        var sgd = Methods.Parse("sgd");
        var run = RunOptions.Default with { Stopping = new StoppingRules([new MaxIterations(iterations), new Divergence()]), TraceCapacity = 4, TraceEvery = int.MaxValue };
        TrialOutcome Evaluate(TrialRequest request)
        {
            var result = Minimizer.Run(rosenbrock, start, sgd.With(request.Settings), run);
            return new TrialOutcome(result.F, result.Stop.ToName());
        }
        var requests = NarrowingSearch.FirstStage(Ranges, options).Requests;
        // Untimed: compile both paths and fill the connection pool before the rounds.
        Parallel.For(0, 50, new ParallelOptions { MaxDegreeOfParallelism = workers }, k => Evaluate(requests[k % requests.Count]));
        using (var warm = StudyStorage.Open(url))
            StudyRunner.Run(warm, new StudyDefinition($"warm-up-{Guid.NewGuid():N}", "bench", Ranges, options with { TrialsPerRound = 50 }),
                trial => Evaluate(trial.Request), new WorkerOptions { Threads = workers });
        var alone = new List<double>();
        var shared = new List<double>();
        for (int round = 1; round <= rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            Parallel.For(0, requests.Count, new ParallelOptions { MaxDegreeOfParallelism = workers }, k => Evaluate(requests[k]));
            alone.Add(trials / clock.Elapsed.TotalSeconds);
            using var storage = StudyStorage.Open(url);
            clock.Restart();
            var report = StudyRunner.Run(storage, new StudyDefinition($"throughput-{Guid.NewGuid():N}", "bench", Ranges, options),
                trial => Evaluate(trial.Request), new WorkerOptions { Threads = workers });
            shared.Add(trials / clock.Elapsed.TotalSeconds);
            if (report.Trials != trials) throw new InvalidOperationException($"{report.Trials} trials ran, not {trials}");
            Console.WriteLine($"round {round}: no storage {alone[^1]:0.0} trials/s, PostgreSQL {shared[^1]:0.0} trials/s ({1 - shared[^1] / alone[^1]:P1} lost)");
        }
        double a = Median(alone), s = Median(shared);
        Console.WriteLine($"median: no storage {a:0.0} trials/s ({workers / a * 1000:0.0} ms a trial on a worker), PostgreSQL {s:0.0} trials/s: {1 - s / a:P1} of the throughput lost to storage (target ≤ 10%)");
        return 0;
    }

    private static double Median(List<double> values) => Quantile(values.Order().ToList(), 0.5);

    private static double Quantile(IReadOnlyList<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
